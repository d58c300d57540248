#define _GNU_SOURCE
#include <unistd.h>
#include "m3platform.h"

int m3_syncfs(int fd) { return syncfs(fd); }
