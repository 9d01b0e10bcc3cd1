# Build writer-app for Windows x64: the bundle (checked by its self-test) and an installer.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1              # CPU
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -Variant cuda
#
# Run it from a "x64 Native Tools Command Prompt for VS 2022" (MSVC, cmake, and
# VCToolsRedistDir for vcomp140.dll, MSVC's OpenMP, which llama.cpp's CPU backends use),
# with Python 3.10+ and Inno Setup 6 (iscc on PATH or in its default folder).
# The CUDA variant also needs the CUDA toolkit (CUDA_PATH): its runtime and cuBLAS DLLs
# are copied into the bundle. Output: packaging\dist\writer-app-VERSION-windows-x64[-VARIANT]-setup.exe
param([ValidateSet("cpu", "cuda", "vulkan")][string]$Variant = "cpu")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

python packaging\bundle.py --variant $Variant
if ($LASTEXITCODE -ne 0) { throw "bundle.py failed ($LASTEXITCODE)" }

$version = (Select-String -Path writer_app\__init__.py -Pattern '__version__ = "(.+)"').Matches[0].Groups[1].Value
$iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DVersion=$version" "/DVariant=$Variant" "/DBundle=..\build\$Variant\dist\writer-app" packaging\windows\writer-app.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed ($LASTEXITCODE)" }
Get-ChildItem packaging\dist\*-setup.exe | ForEach-Object { "writer-app: $($_.FullName) ($([math]::Round($_.Length / 1MB)) MB)" }
