# "Daten pruefen": essen-check, the build's own rules and messages, without building.
# Calls the project's venv by full path: works without activating it and from any folder.
# ASCII only: Windows PowerShell 5.1 reads a script without byte order mark as ANSI.
$ErrorActionPreference = 'Stop'
$venv = Join-Path $PSScriptRoot '.venv\Scripts'
if (-not (Test-Path -LiteralPath (Join-Path $venv 'python.exe'))) {
    [Console]::Error.WriteLine("pruefen: In $PSScriptRoot fehlt die Programmumgebung .venv - richten Sie sie einmal ein (REDAKTION.md, Abschnitt 'Einmal einrichten').")
    exit 1
}
Push-Location -LiteralPath $PSScriptRoot
try {
    & "$venv\essen-check.exe" @args
} finally {
    Pop-Location
}
exit $LASTEXITCODE
