package datadir

// Files only their owner may read (the pseudonym key): MakePrivate makes a
// new file so, and Exposure says when an existing one is not. On Linux and
// macOS that is the file's mode (0600); on Windows, its access control
// list: the owner alone, beside SYSTEM and the Administrators group, who
// can take any file anyway.
