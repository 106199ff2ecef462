"""PyInstaller run-time hook used instead of PyInstaller's pyi_rth_pyside6: the same paths, Qt loaded later.

PyInstaller's hook imports PySide6.QtCore at every start (to register a qt.conf the PySide6 wheels
already register themselves when QtCore is imported), which loads Qt and ICU before `clausedesk
--version` or `clausedesk stats` print anything. This one only sets the paths; Qt loads when the window
or a screenshot needs it.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")  # type: ignore[attr-defined]
if not sys.platform.startswith("win"):
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
os.environ["QML2_IMPORT_PATH"] = os.path.join(_qt, "qml")
if sys.platform.startswith("win"):
    os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")  # type: ignore[attr-defined]
del _qt
