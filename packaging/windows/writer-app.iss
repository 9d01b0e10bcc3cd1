; Inno Setup script for writer-app: a per-user install (no administrator rights).
; Built by packaging/windows/build.ps1, which passes Version, Variant and Bundle:
;   iscc /DVersion=0.1.0 /DVariant=cpu /DBundle=..\build\cpu\dist\writer-app writer-app.iss

#ifndef Version
  #error Pass /DVersion=...
#endif
#ifndef Variant
  #define Variant "cpu"
#endif
#ifndef Bundle
  #error Pass /DBundle=... (the PyInstaller folder)
#endif
#if Variant == "cpu"
  #define Suffix ""
#else
  #define Suffix "-" + Variant
#endif

[Setup]
AppId={{6C1D7E0A-5B0E-4E63-9E0B-7A1F2C3D4E5F}
AppName=writer-app
AppVersion={#Version}
AppVerName=writer-app {#Version}
AppPublisher=writer-app team
DefaultDirName={autopf}\writer-app
DefaultGroupName=writer-app
DisableProgramGroupPage=yes
; Per user: installs under %LOCALAPPDATA%\Programs, no UAC prompt. The user may still
; choose an install for all users in the dialog Inno Setup offers.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=writer-app-{#Version}-windows-x64{#Suffix}-setup
SetupIconFile=..\build\{#Variant}\writer-app.ico
UninstallDisplayIcon={app}\writer-app.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The models live in the user's data folder, not here: uninstalling keeps them.
CloseApplications=yes
; Explorer reads the "Open with" entries below again after installing and uninstalling.
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Simplified Chinese where this Inno Setup has the translation (some releases ship it
; only among the unofficial ones: put ChineseSimplified.isl in its Languages folder).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\writer-app"; Filename: "{app}\writer-app.exe"
Name: "{autodesktop}\writer-app"; Filename: "{app}\writer-app.exe"; Tasks: desktopicon

[Registry]
; "Open with" for text and Markdown files, without taking over the program that opens
; them by default: a ProgID of the app's own, listed in each type's OpenWithProgids, and
; the app's entry under Applications with the types it supports. HKA is the current
; user's classes for a per-user install, the machine's for an install for all users.
Root: HKA; Subkey: "Software\Classes\writer-app.Document"; ValueType: string; ValueName: ""; ValueData: "Text document"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\writer-app.Document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\writer-app.exe,0"
Root: HKA; Subkey: "Software\Classes\writer-app.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\writer-app.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "writer-app.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "writer-app.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.markdown\OpenWithProgids"; ValueType: string; ValueName: "writer-app.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\writer-app.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "writer-app"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\writer-app.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\writer-app.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\writer-app.exe\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\writer-app.exe\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\writer-app.exe\SupportedTypes"; ValueType: string; ValueName: ".markdown"; ValueData: ""

[Run]
Filename: "{app}\writer-app.exe"; Description: "{cm:LaunchProgram,writer-app}"; Flags: nowait postinstall skipifsilent
