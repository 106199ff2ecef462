"""`python -m clausedesk` runs the same entry point as the `clausedesk` command."""

from clausedesk.app import main

main()
