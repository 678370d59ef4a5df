#ifndef ATELIER_CMICROHTTPD_SHIM_H
#define ATELIER_CMICROHTTPD_SHIM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

/* libmicrohttpd's entry points below are variadic, which Swift cannot call:
   these static inline wrappers give them fixed signatures. */

typedef enum MHD_Result (*atelier_mhd_access_cb)(void *cls, struct MHD_Connection *connection,
                                                 const char *url, const char *method,
                                                 const char *version, const char *upload_data,
                                                 size_t *upload_data_size, void **req_cls);
typedef void (*atelier_mhd_completed_cb)(void *cls, struct MHD_Connection *connection,
                                         void **req_cls, enum MHD_RequestTerminationCode toe);
typedef void *(*atelier_mhd_uri_log_cb)(void *cls, const char *uri, struct MHD_Connection *connection);
typedef size_t (*atelier_mhd_unescape_cb)(void *cls, struct MHD_Connection *connection, char *s);

/* Request-head deadline. The daemon-wide timeout is the idle timeout; a new connection gets the
   shorter head timeout (`cls`) until its first request head is complete, then goes back to the
   daemon's. libmicrohttpd walks the list of connections with a timeout of their own on every loop,
   so only connections still waiting for their first head stay on it. Both functions run on the
   connection's worker thread; the notify callback runs once the connection is on its timeout list. */
static inline void atelier_mhd_notify_connection(void *cls, struct MHD_Connection *connection,
                                                 void **socket_context, enum MHD_ConnectionNotificationCode toe) {
    (void) socket_context;
    unsigned int head_timeout = (unsigned int) (uintptr_t) cls;
    if (MHD_CONNECTION_NOTIFY_STARTED == toe && 0 != head_timeout)
        (void) MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT, head_timeout);
}

static inline void atelier_mhd_head_complete(struct MHD_Connection *connection, unsigned int idle_timeout) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_TIMEOUT);
    if (NULL != info && info->connection_timeout != idle_timeout)
        (void) MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT, idle_timeout);
}

/* The peer's IP address as text into `buffer` ("" when unknown): per-address throttling and logs. */
static inline void atelier_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t size) {
    buffer[0] = 0;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (NULL == info || NULL == info->client_addr) return;
    const struct sockaddr *address = info->client_addr;
    if (AF_INET == address->sa_family && size >= 16) {
        /* The dotted quad by hand: glibc's inet_ntop formats IPv4 through sprintf (2,800
           instructions a request, callgrind). Same text as inet_ntop. */
        const unsigned char *octets = (const unsigned char *) &((const struct sockaddr_in *) address)->sin_addr;
        char *out = buffer;
        for (int i = 0; i < 4; i++) {
            unsigned int value = octets[i];
            if (value >= 100) *out++ = (char) ('0' + value / 100);
            if (value >= 10) *out++ = (char) ('0' + value / 10 % 10);
            *out++ = (char) ('0' + value % 10);
            *out++ = (i < 3) ? '.' : '\0';
        }
    } else if (AF_INET == address->sa_family)
        (void) inet_ntop(AF_INET, &((const struct sockaddr_in *) address)->sin_addr, buffer, (socklen_t) size);
    else if (AF_INET6 == address->sa_family)
        (void) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) address)->sin6_addr, buffer, (socklen_t) size);
}

/* Starts a daemon bound to `addr` (IPv4 or IPv6 socket address). */
static inline struct MHD_Daemon *atelier_mhd_start(unsigned int flags,
                                                   const struct sockaddr *addr,
                                                   unsigned int thread_pool_size,
                                                   unsigned int connection_timeout,
                                                   unsigned int connection_limit,
                                                   unsigned int per_ip_connection_limit,
                                                   size_t connection_memory_limit,
                                                   atelier_mhd_access_cb access,
                                                   atelier_mhd_completed_cb completed,
                                                   atelier_mhd_uri_log_cb uri_log,
                                                   atelier_mhd_unescape_cb unescape,
                                                   void *cls,
                                                   unsigned int head_timeout) {
    return MHD_start_daemon(flags, 0, NULL, NULL, access, cls,
                            MHD_OPTION_SOCK_ADDR, addr,
                            MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_connection_limit,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
                            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
                            /* Strict HTTP/1.1 parsing: e.g. a request without Host is a 400 (RFC 9112). */
                            MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, cls,
                            MHD_OPTION_URI_LOG_CALLBACK, uri_log, cls,
                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, cls,
                            MHD_OPTION_NOTIFY_CONNECTION, atelier_mhd_notify_connection,
                            (void *) (uintptr_t) head_timeout,
                            MHD_OPTION_END);
}

static inline uint16_t atelier_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

static inline unsigned int atelier_mhd_connection_count(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info == NULL ? 0 : info->num_connections;
}

static inline unsigned int atelier_mhd_default_flags(void) {
    return MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
}

static inline unsigned int atelier_mhd_ipv6_flag(void) {
    return MHD_USE_IPv6;
}

#endif
