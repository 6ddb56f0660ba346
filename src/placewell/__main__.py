from placewell.cli.main import main

main()
