#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "m3platform.h"

int m3_syncfs(int fd) { return syncfs(fd); }

int m3_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0); }

int m3_rename_noreplace(int directory_fd, const char *from, const char *to) {
    return renameat2(directory_fd, from, directory_fd, to, RENAME_NOREPLACE);
}
