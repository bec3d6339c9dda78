// libvirt, loaded when a command first needs it. Linking libvirt would make every topoc command load it
// and its ~20 dependencies at start-up, which costs `topoc validate` more than the compilation itself; so
// the binary only includes libvirt's headers (for its types) and opens libvirt.so.0 with dlopen on the
// first call. Swift calls the `topoc_vir*` functions below, each of which forwards to libvirt's own.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

// Every libvirt function topoc calls. Adding one: list it here and add its forwarder at the end.
#define TOPOC_LIBVIRT_FUNCTIONS(X) \
    X(virConnectOpen)              \
    X(virConnectClose)             \
    X(virConnectListAllDomains)    \
    X(virDomainDefineXMLFlags)     \
    X(virDomainFree)               \
    X(virDomainGetName)            \
    X(virDomainLookupByName)       \
    X(virDomainUndefine)           \
    X(virGetLastErrorMessage)      \
    X(virSetErrorFunc)

typedef struct {
#define TOPOC_LIBVIRT_FIELD(name) __typeof__(name) *name;
    TOPOC_LIBVIRT_FUNCTIONS(TOPOC_LIBVIRT_FIELD)
#undef TOPOC_LIBVIRT_FIELD
    // Empty once every function was found; else why libvirt could not be loaded.
    char error[512];
} topoc_libvirt_table;

static inline topoc_libvirt_table *topoc_libvirt_storage(void) {
    static topoc_libvirt_table table;
    return &table;
}

static inline void topoc_libvirt_load(void) {
    topoc_libvirt_table *table = topoc_libvirt_storage();
    void *library = dlopen("libvirt.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(table->error, sizeof table->error, "cannot load libvirt (install libvirt0): %s", dlerror());
        return;
    }
#define TOPOC_LIBVIRT_LOOKUP(name)                                                                  \
    table->name = (__typeof__(name) *)dlsym(library, #name);                                      \
    if (!table->name) {                                                                             \
        snprintf(table->error, sizeof table->error, "libvirt.so.0 has no %s: it is too old", #name); \
        return;                                                                                     \
    }
    TOPOC_LIBVIRT_FUNCTIONS(TOPOC_LIBVIRT_LOOKUP)
#undef TOPOC_LIBVIRT_LOOKUP
}

// The table, loaded on the first call from any thread.
static inline const topoc_libvirt_table *topoc_libvirt(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, topoc_libvirt_load);
    return topoc_libvirt_storage();
}

// NULL when libvirt is usable; else a message saying why not. Call before any forwarder below.
static inline const char *topoc_libvirt_unavailable(void) {
    const topoc_libvirt_table *table = topoc_libvirt();
    return table->error[0] ? table->error : NULL;
}

static inline virConnectPtr topoc_virConnectOpen(const char *name) { return topoc_libvirt()->virConnectOpen(name); }

static inline int topoc_virConnectClose(virConnectPtr conn) { return topoc_libvirt()->virConnectClose(conn); }

static inline int topoc_virConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags) {
    return topoc_libvirt()->virConnectListAllDomains(conn, domains, flags);
}

static inline virDomainPtr topoc_virDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags) {
    return topoc_libvirt()->virDomainDefineXMLFlags(conn, xml, flags);
}

static inline int topoc_virDomainFree(virDomainPtr domain) { return topoc_libvirt()->virDomainFree(domain); }

static inline const char *topoc_virDomainGetName(virDomainPtr domain) {
    return topoc_libvirt()->virDomainGetName(domain);
}

static inline virDomainPtr topoc_virDomainLookupByName(virConnectPtr conn, const char *name) {
    return topoc_libvirt()->virDomainLookupByName(conn, name);
}

static inline int topoc_virDomainUndefine(virDomainPtr domain) { return topoc_libvirt()->virDomainUndefine(domain); }

static inline const char *topoc_virGetLastErrorMessage(void) { return topoc_libvirt()->virGetLastErrorMessage(); }

static inline void topoc_virSetErrorFunc(void *userData, virErrorFunc handler) {
    topoc_libvirt()->virSetErrorFunc(userData, handler);
}
