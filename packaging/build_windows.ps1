# Builds the Windows bundle (build\dist\ClauseDesk: ClauseDesk.exe windowed, clausedesk-cli.exe console)
# and its installer (build\dist\ClauseDesk-<version>-installation.exe). Run from the repository root in
# PowerShell on Windows with uv and Inno Setup 6 (winget install JRSoftware.InnoSetup):
#   .\packaging\build_windows.ps1
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Checked([string] $what, [scriptblock] $block) {
    & $block
    if ($LASTEXITCODE -ne 0) { throw "$what a échoué (code $LASTEXITCODE)" }
}

Invoke-Checked "uv sync" { uv sync --locked }
$version = (uv run python -c "from importlib.metadata import version; print(version('clausedesk'))").Trim()
if (Test-Path build\dist\ClauseDesk) { Remove-Item -Recurse -Force build\dist\ClauseDesk }
Invoke-Checked "PyInstaller" {
    uv run pyinstaller --noconfirm --log-level WARN --distpath build\dist --workpath build\work packaging\clausedesk.spec
}
foreach ($exe in "ClauseDesk.exe", "clausedesk-cli.exe") {
    if (-not (Test-Path "build\dist\ClauseDesk\$exe")) { throw "Le bundle n'a pas $exe" }
}

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
foreach ($candidate in "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                       "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") {
    if (-not $iscc -and (Test-Path $candidate)) { $iscc = $candidate }
}
if (-not $iscc) { throw "Inno Setup 6 est introuvable : winget install JRSoftware.InnoSetup" }
Invoke-Checked "Inno Setup" { & $iscc /Qp "/DAppVersion=$version" packaging\windows\clausedesk.iss }
$setup = "build\dist\ClauseDesk-$version-installation.exe"
if (-not (Test-Path $setup)) { throw "Installateur absent : $setup" }
Write-Host "Installateur : $setup"
