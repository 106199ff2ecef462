"""Entry script of the frozen application (PyInstaller): the same `main()` as the `clausedesk` command."""

from clausedesk.app import main

if __name__ == "__main__":
    main()
