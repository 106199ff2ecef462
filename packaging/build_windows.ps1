# Builds the Windows bundle and installer. Run from the repository root in PowerShell on Windows with
# uv and Inno Setup 6 installed (winget install JRSoftware.InnoSetup):  .\packaging\build_windows.ps1
$ErrorActionPreference = "Stop"
uv sync --locked
$version = uv run python -c "from importlib.metadata import version; print(version('clausedesk'))"
uv run pyinstaller --noconfirm --distpath build\dist --workpath build\work packaging\clausedesk.spec
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\clausedesk.iss
Write-Host "Installateur : build\dist\ClauseDesk-$version-installation.exe"
