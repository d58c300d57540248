#ifndef M3CLIP_M3PLATFORM_H
#define M3CLIP_M3PLATFORM_H
/* Linux calls that Swift's Glibc module does not import (they need _GNU_SOURCE). */

/* syncfs(2): commits every dirty page and inode of the filesystem holding `fd`. Returns 0 or -1
   with errno set. */
int m3_syncfs(int fd);

/* prctl(PR_SET_PDEATHSIG, signal): the kernel sends `signal` to this process when the thread that
   created it dies (prctl is variadic, which Swift cannot call). Returns 0 or -1 with errno set. */
int m3_set_parent_death_signal(int signal);

/* renameat2(RENAME_NOREPLACE) within one directory: renames `from` to `to` unless `to` exists
   (then -1 with errno EEXIST), atomically. Names are raw bytes. Returns 0 or -1 with errno set. */
int m3_rename_noreplace(int directory_fd, const char *from, const char *to);

#endif
