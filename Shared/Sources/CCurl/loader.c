#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure = "libcurl not loaded";
static char message[512];

#define RESOLVE(library, field, symbol)                                                     \
    if (!(*(void **)&api.field = dlsym(library, symbol))) {                                 \
        snprintf(message, sizeof message, "libcurl.so.4 lacks %s", symbol);                 \
        failure = message;                                                                  \
        return;                                                                             \
    }

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(message, sizeof message, "%s", dlerror());
        failure = message;
        return;
    }
    RESOLVE(library, global_init, "curl_global_init")
    RESOLVE(library, easy_init, "curl_easy_init")
    RESOLVE(library, easy_cleanup, "curl_easy_cleanup")
    RESOLVE(library, easy_perform, "curl_easy_perform")
    RESOLVE(library, easy_strerror, "curl_easy_strerror")
    RESOLVE(library, easy_setopt, "curl_easy_setopt")
    RESOLVE(library, slist_append, "curl_slist_append")
    RESOLVE(library, slist_free_all, "curl_slist_free_all")
    CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(message, sizeof message, "curl_global_init failed: %s", api.easy_strerror(code));
        failure = message;
        return;
    }
    failure = NULL;
}

const char *hs_curl_load(void) {
    pthread_once(&once, load);
    return failure;
}

static int ready(void) { return hs_curl_load() == NULL; }

CURL *hs_curl_easy_init(void) { return ready() ? api.easy_init() : NULL; }
void hs_curl_easy_cleanup(CURL *handle) { if (ready()) api.easy_cleanup(handle); }
CURLcode hs_curl_easy_perform(CURL *handle) { return ready() ? api.easy_perform(handle) : CURLE_FAILED_INIT; }
const char *hs_curl_easy_strerror(CURLcode code) { return ready() ? api.easy_strerror(code) : failure; }
struct curl_slist *hs_curl_slist_append(struct curl_slist *list, const char *value) {
    return ready() ? api.slist_append(list, value) : NULL;
}
void hs_curl_slist_free_all(struct curl_slist *list) { if (ready()) api.slist_free_all(list); }

CURLcode hs_curl_set_long(CURL *handle, CURLoption option, long value) {
    return ready() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode hs_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return ready() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode hs_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return ready() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode hs_curl_set_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *)) {
    return ready() ? api.easy_setopt(handle, CURLOPT_READFUNCTION, function) : CURLE_FAILED_INIT;
}
