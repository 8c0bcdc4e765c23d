package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
)

// Fyne's file-save dialog, once the user confirms a file (after its own
// "Overwrite?" question for an existing one), opens it for writing at once:
// an existing file is emptied, a new one created, before the app has seen
// which file was chosen. Picking the live database there would empty it.
// So the app registers, over Fyne's repository of "file" URIs, one whose
// writers touch nothing until written to. The app itself never writes
// through them: it takes the chosen path and writes the output through
// package outfile, which refuses the database, the key and the backups
// and puts a whole file in place by rename.

// holdFileWrites makes writers of "file" URIs lazy (see above); it is
// idempotent.
func holdFileWrites() {
	base, err := repository.ForScheme("file")
	if err != nil {
		return
	}
	if _, done := base.(*lazyFiles); done {
		return
	}
	repository.Register("file", &lazyFiles{base: base})
}

// lazyFiles is Fyne's file repository but for its writers (see above).
type lazyFiles struct{ base repository.Repository }

// lazyWriter opens the file only when first written to.
type lazyWriter struct {
	uri  fyne.URI
	open func(fyne.URI) (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
}

func (l *lazyWriter) URI() fyne.URI { return l.uri }

func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.w == nil {
		w, err := l.open(l.uri)
		if err != nil {
			return 0, err
		}
		l.w = w
	}
	return l.w.Write(p)
}

func (l *lazyWriter) Close() error {
	if l.w == nil {
		return nil
	}
	return l.w.Close()
}

func (r *lazyFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	w, ok := r.base.(repository.WritableRepository)
	if !ok {
		return nil, repository.ErrOperationNotSupported
	}
	return &lazyWriter{uri: u, open: w.Writer}, nil
}

func (r *lazyFiles) Appender(u fyne.URI) (fyne.URIWriteCloser, error) {
	a, ok := r.base.(repository.AppendableRepository)
	if !ok {
		return nil, repository.ErrOperationNotSupported
	}
	return &lazyWriter{uri: u, open: a.Appender}, nil
}

// What follows hands every other operation to Fyne's repository.

func (r *lazyFiles) Exists(u fyne.URI) (bool, error)               { return r.base.Exists(u) }
func (r *lazyFiles) Reader(u fyne.URI) (fyne.URIReadCloser, error) { return r.base.Reader(u) }
func (r *lazyFiles) CanRead(u fyne.URI) (bool, error)              { return r.base.CanRead(u) }
func (r *lazyFiles) Destroy(scheme string)                         {}

func (r *lazyFiles) CanWrite(u fyne.URI) (bool, error) {
	if w, ok := r.base.(repository.WritableRepository); ok {
		return w.CanWrite(u)
	}
	return false, nil
}

func (r *lazyFiles) Delete(u fyne.URI) error {
	if w, ok := r.base.(repository.WritableRepository); ok {
		return w.Delete(u)
	}
	return repository.ErrOperationNotSupported
}

func (r *lazyFiles) DeleteAll(u fyne.URI) error {
	if d, ok := r.base.(repository.DeleteAllRepository); ok {
		return d.DeleteAll(u)
	}
	return repository.ErrOperationNotSupported
}

func (r *lazyFiles) Parent(u fyne.URI) (fyne.URI, error) {
	if h, ok := r.base.(repository.HierarchicalRepository); ok {
		return h.Parent(u)
	}
	return repository.GenericParent(u)
}

func (r *lazyFiles) Child(u fyne.URI, component string) (fyne.URI, error) {
	if h, ok := r.base.(repository.HierarchicalRepository); ok {
		return h.Child(u, component)
	}
	return repository.GenericChild(u, component)
}

func (r *lazyFiles) CanList(u fyne.URI) (bool, error) {
	if l, ok := r.base.(repository.ListableRepository); ok {
		return l.CanList(u)
	}
	return false, nil
}

func (r *lazyFiles) List(u fyne.URI) ([]fyne.URI, error) {
	if l, ok := r.base.(repository.ListableRepository); ok {
		return l.List(u)
	}
	return nil, repository.ErrOperationNotSupported
}

func (r *lazyFiles) CreateListable(u fyne.URI) error {
	if l, ok := r.base.(repository.ListableRepository); ok {
		return l.CreateListable(u)
	}
	return repository.ErrOperationNotSupported
}

func (r *lazyFiles) Copy(src, dst fyne.URI) error {
	if c, ok := r.base.(repository.CopyableRepository); ok {
		return c.Copy(src, dst)
	}
	return repository.ErrOperationNotSupported
}

func (r *lazyFiles) Move(src, dst fyne.URI) error {
	if m, ok := r.base.(repository.MovableRepository); ok {
		return m.Move(src, dst)
	}
	return repository.ErrOperationNotSupported
}
