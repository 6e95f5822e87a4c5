#ifndef HOMESTUDIO_CCURL_H
#define HOMESTUDIO_CCURL_H

/* libcurl, loaded on first use (dlopen) rather than linked: libcurl maps 26 more libraries
 * (GnuTLS, Kerberos, LDAP, SASL, SSH, RTMP, …) whose pages a service that has not sent a mail
 * would carry for nothing. The header gives the types and constants only; every call goes
 * through the functions below, which fail with CURLE_FAILED_INIT until hs_curl_load succeeded. */
#include <curl/curl.h>

/* Loads libcurl.so.4 and runs curl_global_init once (thread-safe). Returns NULL when libcurl
 * is usable, otherwise why not (dlopen's or dlsym's message, or curl_global_init's code). */
const char *hs_curl_load(void);

CURL *hs_curl_easy_init(void);
void hs_curl_easy_cleanup(CURL *handle);
CURLcode hs_curl_easy_perform(CURL *handle);
const char *hs_curl_easy_strerror(CURLcode code);
struct curl_slist *hs_curl_slist_append(struct curl_slist *list, const char *value);
void hs_curl_slist_free_all(struct curl_slist *list);

/* curl_easy_setopt is variadic, which Swift cannot call: one typed wrapper per argument kind. */
CURLcode hs_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode hs_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode hs_curl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode hs_curl_set_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *));

#endif
