#ifndef HOMESTUDIO_CRABBITMQ_SHIM_H
#define HOMESTUDIO_CRABBITMQ_SHIM_H

#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#else
#include <amqp.h>
#include <amqp_tcp_socket.h>
#endif
#include <stdint.h>
#include <sys/eventfd.h>
#include <poll.h>

/* The consumer thread is woken through an eventfd when acks are queued for it. */
static inline int hs_eventfd_nonblocking(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

/* amqp_login is variadic, which Swift cannot call: this wrapper fixes the PLAIN mechanism. */
static inline amqp_rpc_reply_t hs_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                                   int channel_max, int frame_max, int heartbeat,
                                                   const char *user, const char *password) {
    return amqp_login(state, vhost, channel_max, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}

/* Method ids are macros with casts; re-exported as constants Swift can read. */
static const uint32_t HS_AMQP_BASIC_ACK_METHOD = AMQP_BASIC_ACK_METHOD;
static const uint32_t HS_AMQP_BASIC_NACK_METHOD = AMQP_BASIC_NACK_METHOD;
static const uint32_t HS_AMQP_CHANNEL_CLOSE_METHOD = AMQP_CHANNEL_CLOSE_METHOD;
static const uint32_t HS_AMQP_CONNECTION_CLOSE_METHOD = AMQP_CONNECTION_CLOSE_METHOD;
static const uint32_t HS_AMQP_BASIC_PROPERTIES_FLAGS =
    AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
    AMQP_BASIC_TYPE_FLAG | AMQP_BASIC_HEADERS_FLAG;
static const uint8_t HS_AMQP_FRAME_METHOD = AMQP_FRAME_METHOD;

#endif
