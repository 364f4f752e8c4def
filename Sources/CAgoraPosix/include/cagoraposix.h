// glibc's GNU posix_spawn extensions, which Swift's Glibc module hides (they need
// _GNU_SOURCE). Available since glibc 2.34 (Debian 12 ships 2.36).
#ifndef CAGORAPOSIX_H
#define CAGORAPOSIX_H

#include <spawn.h>
#include <sys/epoll.h>

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

/// pipe2(2) with O_CLOEXEC (hidden from Swift's Glibc without _GNU_SOURCE).
static inline int agora_pipe_cloexec(int fds[2]) {
    extern int pipe2(int pipefd[2], int flags);
    return pipe2(fds, 02000000);
}

/// epoll without its packed struct in Swift: readable-only interest, fds out.
static inline int agora_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int agora_epoll_add(int epfd, int fd) {
    struct epoll_event event = { .events = EPOLLIN };
    event.data.fd = fd;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

static inline int agora_epoll_remove(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0); }

/// Blocks until some descriptors are readable; writes up to 64 of them to `fds`.
static inline int agora_epoll_wait(int epfd, int *fds, int max) {
    struct epoll_event events[64];
    if (max > 64) max = 64;
    int count = epoll_wait(epfd, events, max, -1);
    for (int i = 0; i < count; i++) fds[i] = events[i].data.fd;
    return count;
}

#endif
