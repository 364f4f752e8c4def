// The official ZooKeeper C client (libzookeeper-mt) plus the few shims Swift needs:
// C globals that strict concurrency rejects are reached through functions, and the
// session password (a fixed char array) is copied in and out through plain buffers.
#ifndef CZOOKEEPER_H
#define CZOOKEEPER_H

#include <stdint.h>
#include <string.h>
#include <zookeeper/zookeeper.h>

/// `&ZOO_OPEN_ACL_UNSAFE`: world-readable and -writable nodes.
static inline struct ACL_vector *czk_open_acl_unsafe(void) { return &ZOO_OPEN_ACL_UNSAFE; }

/// Everyone may read, the authenticated creator may do anything (Mesos's ACL when
/// the zk:// URL carries credentials). Defined in shim.c.
struct ACL_vector *czk_everyone_read_creator_all(void);

/// Length of a session password in bytes.
static inline int czk_password_length(void) { return (int)sizeof(((clientid_t *)0)->passwd); }

/// The handle's current session id and password (`password` holds czk_password_length() bytes).
static inline int64_t czk_session(zhandle_t *zh, uint8_t *password) {
    const clientid_t *id = zoo_client_id(zh);
    memcpy(password, id->passwd, sizeof(id->passwd));
    return id->client_id;
}

/// Opens a handle that resumes session `id` with `password` (czk_password_length() bytes),
/// or a new session when `password` is NULL.
static inline zhandle_t *czk_init(const char *servers, watcher_fn watcher, int timeout_ms,
                                  int64_t id, const uint8_t *password, void *context) {
    clientid_t client;
    memset(&client, 0, sizeof(client));
    if (password != NULL) {
        client.client_id = id;
        memcpy(client.passwd, password, sizeof(client.passwd));
    }
    return zookeeper_init(servers, watcher, timeout_ms, password != NULL ? &client : NULL, context,
                          ZOO_NO_LOG_CLIENTENV);
}

#endif
