# "Formular-Editor starten": Decap CMS at /admin/ together with the preview (plugins/essen/cms.py).
# Calls the project's venv by full path: works without activating it and from any folder.
# ASCII only: Windows PowerShell 5.1 reads a script without byte order mark as ANSI.
$ErrorActionPreference = 'Stop'
$venv = Join-Path $PSScriptRoot '.venv\Scripts'
if (-not (Test-Path -LiteralPath (Join-Path $venv 'python.exe'))) {
    [Console]::Error.WriteLine("formular-editor: In $PSScriptRoot fehlt die Programmumgebung .venv - richten Sie sie einmal ein (REDAKTION.md, Abschnitt 'Einmal einrichten').")
    exit 1
}
# The preview inside prints Material's end-of-life banner, which would bury real messages.
$env:NO_MKDOCS_2_WARNING = '1'
Push-Location -LiteralPath $PSScriptRoot
try {
    & "$venv\python.exe" -m plugins.essen.cms serve @args
} finally {
    Pop-Location
}
exit $LASTEXITCODE
