# "Vorschau starten": mkdocs serve --dirty (only what changed is rebuilt; plugins/essen/preview.py keeps it fresh) on http://127.0.0.1:8000/ (Ctrl+C stops it).
# Calls the project's venv by full path: works without activating it and from any folder.
# ASCII only: Windows PowerShell 5.1 reads a script without byte order mark as ANSI.
$ErrorActionPreference = 'Stop'
$venv = Join-Path $PSScriptRoot '.venv\Scripts'
if (-not (Test-Path -LiteralPath (Join-Path $venv 'python.exe'))) {
    [Console]::Error.WriteLine("vorschau: In $PSScriptRoot fehlt die Programmumgebung .venv - richten Sie sie einmal ein (REDAKTION.md, Abschnitt 'Einmal einrichten').")
    exit 1
}
# Material's end-of-life banner contains the word WARNING and would bury real messages.
$env:NO_MKDOCS_2_WARNING = '1'
Push-Location -LiteralPath $PSScriptRoot
try {
    & "$venv\mkdocs.exe" serve --dirty @args
} finally {
    Pop-Location
}
exit $LASTEXITCODE
