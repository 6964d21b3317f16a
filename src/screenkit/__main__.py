from screenkit.cli import main

main()
