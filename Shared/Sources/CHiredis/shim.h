#ifndef HOMESTUDIO_CHIREDIS_SHIM_H
#define HOMESTUDIO_CHIREDIS_SHIM_H

#include <hiredis/hiredis.h>
#include <sys/time.h>

/* Reply types are macros; re-exported as constants Swift can read. */
static const int HS_REDIS_REPLY_STRING = REDIS_REPLY_STRING;
static const int HS_REDIS_REPLY_ARRAY = REDIS_REPLY_ARRAY;
static const int HS_REDIS_REPLY_INTEGER = REDIS_REPLY_INTEGER;
static const int HS_REDIS_REPLY_NIL = REDIS_REPLY_NIL;
static const int HS_REDIS_REPLY_STATUS = REDIS_REPLY_STATUS;
static const int HS_REDIS_REPLY_ERROR = REDIS_REPLY_ERROR;
static const int HS_REDIS_OK = REDIS_OK;

#endif
