//go:build windows

package winprint

import (
	"errors"
	"fmt"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procGetJob = winspool.NewProc("GetJobW")
	procSetJob = winspool.NewProc("SetJobW")
)

const jobControlDelete = 5 // JOB_CONTROL_DELETE

// jobInfo1 is JOB_INFO_1W. Go lays it out as C does: 4 bytes of padding
// after JobId on 64-bit systems, the SYSTEMTIME at the end.
type jobInfo1 struct {
	JobID                                                  uint32
	PrinterName, MachineName, UserName, Document, Datatype *uint16
	StatusText                                             *uint16
	Status, Priority, Position, TotalPages, PagesPrinted   uint32
	Submitted                                              windows.Systemtime
}

// Job reads job id from the named printer's queue. A job the spooler no
// longer has is JobInfo{Gone: true}, not an error: GetJob answers
// ERROR_INVALID_PARAMETER for it once it is printed and removed.
func Job(printer string, id int) (JobInfo, error) {
	h, err := openPrinter(printer)
	if err != nil {
		return JobInfo{}, fmt.Errorf("winprint: %s: %w", printer, err)
	}
	defer procClosePrinter.Call(uintptr(h))
	buf, err := getJob(h, id)
	if errors.Is(err, windows.ERROR_INVALID_PARAMETER) {
		return JobInfo{ID: id, Printer: printer, Gone: true}, nil
	}
	if err != nil {
		return JobInfo{}, fmt.Errorf("winprint: %s: job %d: GetJob: %w", printer, id, err)
	}
	return jobInfoOf((*jobInfo1)(unsafe.Pointer(&buf[0]))), nil
}

// getJob is the job's JOB_INFO_1W with the strings it points to. The size
// is asked for first; it is asked again when the job's strings grew in
// between (a driver changing its status text).
func getJob(h windows.Handle, id int) ([]byte, error) {
	var need uint32
	r, _, err := procGetJob.Call(uintptr(h), uintptr(id), 1, 0, 0, uintptr(unsafe.Pointer(&need)))
	for try := 0; try < 3; try++ {
		if r == 0 && !errors.Is(err, windows.ERROR_INSUFFICIENT_BUFFER) {
			return nil, err
		}
		buf := make([]byte, max(need, uint32(unsafe.Sizeof(jobInfo1{}))))
		r, _, err = procGetJob.Call(uintptr(h), uintptr(id), 1, uintptr(unsafe.Pointer(&buf[0])),
			uintptr(len(buf)), uintptr(unsafe.Pointer(&need)))
		if r != 0 {
			return buf, nil
		}
	}
	return nil, err
}

func jobInfoOf(in *jobInfo1) JobInfo {
	return JobInfo{
		ID:           int(in.JobID),
		Printer:      windows.UTF16PtrToString(in.PrinterName),
		Machine:      windows.UTF16PtrToString(in.MachineName),
		User:         windows.UTF16PtrToString(in.UserName),
		Document:     windows.UTF16PtrToString(in.Document),
		Datatype:     windows.UTF16PtrToString(in.Datatype),
		StatusText:   windows.UTF16PtrToString(in.StatusText),
		Status:       in.Status,
		Priority:     int(in.Priority),
		Position:     int(in.Position),
		TotalPages:   int(in.TotalPages),
		PagesPrinted: int(in.PagesPrinted),
		Submitted:    systemTime(in.Submitted),
	}
}

// systemTime is a SYSTEMTIME, which GetJob gives in UTC; the zero time
// when it is unset.
func systemTime(st windows.Systemtime) time.Time {
	if st.Year == 0 {
		return time.Time{}
	}
	return time.Date(int(st.Year), time.Month(st.Month), int(st.Day), int(st.Hour), int(st.Minute),
		int(st.Second), int(st.Milliseconds)*int(time.Millisecond), time.UTC)
}

// CancelJob deletes job id from the named printer's queue; a job the
// spooler no longer has is ErrJobGone.
func CancelJob(printer string, id int) error {
	h, err := openPrinter(printer)
	if err != nil {
		return fmt.Errorf("winprint: %s: %w", printer, err)
	}
	defer procClosePrinter.Call(uintptr(h))
	r, _, err := procSetJob.Call(uintptr(h), uintptr(id), 0, 0, jobControlDelete)
	switch {
	case r != 0:
		return nil
	case errors.Is(err, windows.ERROR_INVALID_PARAMETER):
		return fmt.Errorf("winprint: %s: job %d: %w", printer, id, ErrJobGone)
	}
	return fmt.Errorf("winprint: %s: job %d: SetJob: %w", printer, id, err)
}

// openPrinter opens the printer with the default access, which lets a
// user read and delete the jobs they submitted without administering
// the printer.
func openPrinter(printer string) (windows.Handle, error) {
	name, err := windows.UTF16PtrFromString(printer)
	if err != nil {
		return 0, err
	}
	var h windows.Handle
	if r, _, err := procOpenPrinter.Call(uintptr(unsafe.Pointer(name)), uintptr(unsafe.Pointer(&h)), 0); r == 0 {
		return 0, fmt.Errorf("OpenPrinter: %w", err)
	}
	return h, nil
}
