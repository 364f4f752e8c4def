// glibc's GNU posix_spawn extensions, which Swift's Glibc module hides (they need
// _GNU_SOURCE). Available since glibc 2.34 (Debian 12 ships 2.36).
#ifndef CAGORAPOSIX_H
#define CAGORAPOSIX_H

#include <spawn.h>

int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);

/// Closes every descriptor from `from` up in the child.
static inline int agora_spawn_closefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

/// Changes the child's working directory before exec.
static inline int agora_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

/// POSIX_SPAWN_SETSID: the child starts a new session.
static inline short agora_spawn_setsid_flag(void) { return 0x80; }

/// pidfd_open(2): a descriptor that becomes readable when `pid` exits (Linux 5.3+).
static inline int agora_pidfd_open(int pid) {
    extern long syscall(long number, ...);
    return (int)syscall(434, pid, 0);
}

/// The process environment (`environ`), which Swift cannot read safely as a global.
static inline char **agora_environ(void) {
    extern char **environ;
    return environ;
}

#endif
