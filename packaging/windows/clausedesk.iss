; Inno Setup script of the Windows installer (French wizard). Build: packaging\build_windows.ps1
; (PyInstaller bundle, then `iscc packaging\windows\clausedesk.iss`). The version is passed by the build
; script from the package metadata: iscc /DAppVersion=x.y.z
;
; Per user by default (no administrator rights): %LOCALAPPDATA%\Programs\ClauseDesk.
; For IT departments (central deployment), silent and per machine, in Program Files:
;   ClauseDesk-x.y.z-installation.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS /LOG="C:\chemin\installation.log"
; (/CURRENTUSER forces the per-user install; /DIR="..." chooses the folder; /TASKS="desktopicon" adds the
; desktop shortcut). Silent removal: "{app}\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Removal never touches the user's data (%LOCALAPPDATA%\ClauseDesk: the store, its backups, the logs).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define BundleDir "..\..\build\dist\ClauseDesk"

[Setup]
AppId={{6F1D2C4B-8A57-4E0F-9C1B-3D5E7A9B1C20}
AppName=ClauseDesk
AppVersion={#AppVersion}
AppVerName=ClauseDesk {#AppVersion}
AppPublisher=ClauseDesk
DefaultDirName={autopf}\ClauseDesk
DefaultGroupName=ClauseDesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
UsePreviousPrivileges=yes
OutputDir=..\..\build\dist
OutputBaseFilename=ClauseDesk-{#AppVersion}-installation
SetupIconFile=..\..\clausedesk\resources\icons\clausedesk.ico
UninstallDisplayIcon={app}\ClauseDesk.exe
UninstallDisplayName=ClauseDesk
; ClauseDesk's own licence (the bundled libraries' notices are in Aide > À propos).
LicenseFile=..\..\clausedesk\resources\licences\GPL-3.0.txt
Compression=lzma2/fast
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le bureau"; GroupDescription: "Raccourcis :"; Flags: unchecked

[Files]
Source: "{#BundleDir}\ClauseDesk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\clausedesk-cli.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\ClauseDesk"; Filename: "{app}\ClauseDesk.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\ClauseDesk"; Filename: "{app}\ClauseDesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; Double-clicking a monthly package (.cdpkg) opens ClauseDesk.
Root: HKA; Subkey: "Software\Classes\.cdpkg"; ValueType: string; ValueName: ""; ValueData: "ClauseDesk.Paquet"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\ClauseDesk.Paquet"; ValueType: string; ValueName: ""; ValueData: "Paquet mensuel ClauseDesk"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\ClauseDesk.Paquet\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\ClauseDesk.exe,0"
Root: HKA; Subkey: "Software\Classes\ClauseDesk.Paquet\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ClauseDesk.exe"""

[Run]
Filename: "{app}\ClauseDesk.exe"; Description: "Lancer ClauseDesk"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder goes: the user's data (%LOCALAPPDATA%\ClauseDesk, with its backups) stays.
Type: filesandordirs; Name: "{app}\_internal"
