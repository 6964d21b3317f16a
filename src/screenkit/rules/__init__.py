"""The rules that read a plan: its evening's times, the checks, the tasks, the results, who
is on a screening, who is owed a reminder, the rota, and many groups' plans read as one.
Pure functions of the plan and the time they are given; nothing here writes."""
