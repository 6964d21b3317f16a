"""Text: the translated catalogues and CLDR formats (`i18n`), the phrases several outputs
share (`texts`), plan text made inert for where it is written (`escaping`) and a private
name found however it is written (`names`). It reads the plan's types and nothing above."""
