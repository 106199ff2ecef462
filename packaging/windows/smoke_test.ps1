# Proof that the Windows installer works: installs it silently (per user), runs the installed program
# headless (--version, demo, stats --json, dashboard, screenshots) on the user's default data folder,
# measures the start-up cost of two commands against the same commands run from source, uninstalls
# silently, and checks that the program is gone and the data folder (%LOCALAPPDATA%\ClauseDesk) stayed.
# Usage (after packaging\build_windows.ps1):  .\packaging\windows\smoke_test.ps1
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))

function Invoke-Checked([string] $what, [scriptblock] $block) {
    $out = & $block
    if ($LASTEXITCODE -ne 0) { throw "$what a échoué (code $LASTEXITCODE)" }
    return $out
}

$setup = Get-ChildItem build\dist\ClauseDesk-*-installation.exe | Select-Object -First 1
if (-not $setup) { throw "Installateur absent : lancez d'abord packaging\build_windows.ps1" }
$app = Join-Path $env:LOCALAPPDATA "Programs\ClauseDesk"
$data = Join-Path $env:LOCALAPPDATA "ClauseDesk"
$out = Join-Path $env:RUNNER_TEMP "clausedesk-smoke"
if (-not $env:RUNNER_TEMP) { $out = Join-Path $env:TEMP "clausedesk-smoke" }
New-Item -ItemType Directory -Force $out | Out-Null
$env:QT_QPA_PLATFORM = "offscreen"
if (-not $env:CLAUSEDESK_PASSPHRASE) { $env:CLAUSEDESK_PASSPHRASE = "essai-du-paquet-windows" }
Remove-Item Env:CLAUSEDESK_DATA_DIR -ErrorAction SilentlyContinue  # the default folder, on purpose

Write-Host "installation silencieuse de $($setup.Name)"
$p = Start-Process $setup.FullName -Wait -PassThru -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/LOG=`"$out\installation.log`""
if ($p.ExitCode -ne 0) { Get-Content "$out\installation.log"; throw "installation : code $($p.ExitCode)" }
$cli = Join-Path $app "clausedesk-cli.exe"
foreach ($exe in $cli, (Join-Path $app "ClauseDesk.exe"), (Join-Path $app "unins000.exe")) {
    if (-not (Test-Path $exe)) { throw "absent après installation : $exe" }
}

$version = Invoke-Checked "--version" { & $cli --version }
Write-Host "version : $version"
Invoke-Checked "demo" { & $cli demo --until 2026-10 } | Out-Null
$stats = Invoke-Checked "stats --json" { & $cli stats --json } | Out-String | ConvertFrom-Json
if ($stats.lots -le 0 -or $stats.hours_total -le 0) { throw "stats inattendues : $stats" }
Write-Host "stats : $($stats.lots) lots, $($stats.hours_total) heures"
$market = (Invoke-Checked "list markets" { & $cli list markets --json } | Out-String | ConvertFrom-Json)[0].ref
Invoke-Checked "dashboard" { & $cli dashboard --market $market --month 2026-09 -o "$out\tdb.pdf" } | Out-Null
$head = [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes("$out\tdb.pdf")[0..4])
if ($head -ne "%PDF-") { throw "dashboard : ce n'est pas un PDF" }
Invoke-Checked "screenshots" { & $cli screenshots "$out\captures" } | Out-Null
$shots = (Get-ChildItem "$out\captures\*.png").Count
if ($shots -lt 5) { throw "screenshots : $shots images seulement" }
Write-Host "dashboard et $shots captures : ok"

# Start-up cost: the installed program against the same command from source, interleaved.
Invoke-Checked "mesure du démarrage" {
    uv run python packaging\startup_cost.py --runs 7 --frozen $cli
}

Write-Host "désinstallation silencieuse"
$p = Start-Process (Join-Path $app "unins000.exe") -Wait -PassThru -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"
if ($p.ExitCode -ne 0) { throw "désinstallation : code $($p.ExitCode)" }
Start-Sleep -Seconds 3  # the uninstaller finishes removing its own files after it exits
if (Test-Path $cli) { throw "le programme est encore là après la désinstallation" }
if (-not (Test-Path (Join-Path $data "clausedesk.sqlite"))) { throw "les données ont disparu avec la désinstallation" }
Write-Host "Installateur Windows : tout fonctionne, les données sont restées dans $data."
