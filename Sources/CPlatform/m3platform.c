#define _GNU_SOURCE
#include <sys/prctl.h>
#include <unistd.h>
#include "m3platform.h"

int m3_syncfs(int fd) { return syncfs(fd); }

int m3_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0); }
