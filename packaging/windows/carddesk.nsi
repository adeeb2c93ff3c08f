; The CardDesk installer for Windows (NSIS 3, Unicode), per machine.
;
; scripts/dist.sh builds it on Debian (package nsis); by hand:
;   makensis -V2 -DVERSION=0.1.0 -DVERSION4=0.1.0.1 -DEXE=carddesk.exe \
;     -DICON=carddesk.ico -DWEBSITE=https://... -DOUTFILE=setup.exe carddesk.nsi
;
; What it does:
;   - installs carddesk.exe into "Program Files\CardDesk" (64-bit), or where
;     /D=DIR says, or where an earlier version was installed
;   - a Start-menu entry for all users
;   - the entry in Settings > Apps (Add/Remove Programs), with a quiet
;     uninstall command for IT departments
;   - an uninstaller that removes what the installer put there and nothing
;     else: each user's data (AppData\Roaming\carddesk: the station's
;     database; AppData\Local\carddesk\logs; AppData\Roaming\fyne: window
;     size and last section) stays, so a later install finds it again
;
; Silent:  setup.exe /S [/D=C:\Path\CardDesk]     (/D last, no quotes)
;          "C:\Program Files\CardDesk\uninstall.exe" /S
; An upgrade is a plain install of the newer version over the older one: it
; replaces the program files and keeps every user's data.

; 64-bit installer, like the program (and Wine without its 32-bit part runs it).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!macro Need NAME
  !ifndef ${NAME}
    !error "define ${NAME} (-D${NAME}=...): see the top of this file"
  !endif
!macroend
!insertmacro Need VERSION
!insertmacro Need VERSION4
!insertmacro Need EXE
!insertmacro Need ICON
!insertmacro Need OUTFILE
!ifndef WEBSITE
  !define WEBSITE ""
!endif

!define APP "CardDesk"
!define EXENAME "carddesk.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CardDesk"
!define SHORTCUT "$SMPROGRAMS\CardDesk.lnk"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\CardDesk"
BrandingText "${APP} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The app speaks English and Dutch; the installer follows Windows' language.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Dutch"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP} ${VERSION} Setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "${APP} contributors"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP} needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ; An upgrade goes where the installed version is, unless /D= says otherwise
  ; (then $INSTDIR is no longer the default).
  ${If} $INSTDIR == "$PROGRAMFILES64\CardDesk"
    ReadRegStr $0 HKLM "${UNINSTKEY}" "InstallLocation"
    ${If} $0 != ""
      StrCpy $INSTDIR $0
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "${APP}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Overwrites the files of an earlier version (an upgrade).
  SetOverwrite on
  File "/oname=${EXENAME}" "${EXE}"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortCut "${SHORTCUT}" "$INSTDIR\${EXENAME}" "" "$INSTDIR\${EXENAME}" 0 \
    SW_SHOWNORMAL "" "${APP} enrollment station"

  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${APP}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$\"$INSTDIR\${EXENAME}$\",0"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" "$\"$INSTDIR\${UNINSTALLER}$\""
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" "$\"$INSTDIR\${UNINSTALLER}$\" /S"
  WriteRegStr HKLM "${UNINSTKEY}" "URLInfoAbout" "${WEBSITE}"
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

; Only what the installer wrote. Never the users' AppData.
Section "Uninstall"
  Delete "${SHORTCUT}"
  Delete "$INSTDIR\${EXENAME}"
  Delete "$INSTDIR\${UNINSTALLER}"
  ; Not /r: a file someone else put there stays, and so does the folder.
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTKEY}"
SectionEnd
