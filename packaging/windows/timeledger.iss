; Inno Setup 6 script of Timeledger's Windows installer.
;
; Build the PyInstaller folder first (dist\timeledger\, see packaging\timeledger.spec), then from the repository:
;   iscc /DAppVersion=0.1.0 packaging\windows\timeledger.iss
; which writes dist\timeledger-<version>-windows-x64-setup.exe (.ci\package.yml, the package workflow, does both).
;
; The installer asks whether to install for all users (Program Files, needs admin) or only for you
; (%LOCALAPPDATA%\Programs); the shortcuts follow that choice through the {auto...} folders.
; Your data is never in the installation folder: the database lives in %LOCALAPPDATA%\Timeledger
; (platformdirs' user data folder, app/data_location.py), and uninstalling leaves it where it is.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Timeledger"
#define AppExe "timeledger-desktop.exe"

[Setup]
; The AppId identifies the product across versions (upgrades, uninstall): never change it.
AppId={{7BA7DB43-7452-40E3-99CB-89546E1E25F6}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Timeledger developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=timeledger-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; A running Timeledger holds its files: ask to close it (Restart Manager) before replacing or removing them.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "startatlogin"; Description: "Start the Timeledger tray timer when I log in"; GroupDescription: "Start-up:"; Flags: unchecked

[Files]
; The whole one-folder bundle: both executables (timeledger-desktop.exe, the app; timeledger.exe, the command
; line) and the _internal folder they share.
Source: "dist\timeledger\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon
; "Start at login" is a shortcut in the Startup folder: delete it there (shell:startup) to stop it again.
Name: "{autostartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: uninstalling removes only what was installed; %LOCALAPPDATA%\Timeledger stays.
