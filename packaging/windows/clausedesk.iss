; Inno Setup script of the Windows installer (French wizard, per-user install without admin rights).
; Build: packaging\build_windows.ps1 (PyInstaller bundle, then `iscc packaging\windows\clausedesk.iss`).
; The version is passed by the build script from the package metadata: iscc /DAppVersion=x.y.z

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
DefaultDirName={localappdata}\Programs\ClauseDesk
DefaultGroupName=ClauseDesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\build\dist
OutputBaseFilename=ClauseDesk-{#AppVersion}-installation
SetupIconFile=..\..\clausedesk\resources\icons\clausedesk.ico
UninstallDisplayIcon={app}\ClauseDesk.exe
LicenseFile=..\..\clausedesk\resources\licences\LGPL-3.0.txt
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le bureau"; GroupDescription: "Raccourcis :"

[Files]
Source: "{#BundleDir}\ClauseDesk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\clausedesk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\ClauseDesk"; Filename: "{app}\ClauseDesk.exe"; WorkingDir: "{app}"
Name: "{group}\Désinstaller ClauseDesk"; Filename: "{uninstallexe}"
Name: "{userdesktop}\ClauseDesk"; Filename: "{app}\ClauseDesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\ClauseDesk.exe"; Description: "Lancer ClauseDesk"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder goes: the user's data (%LOCALAPPDATA%\ClauseDesk, with its backups) stays.
Type: filesandordirs; Name: "{app}\_internal"
