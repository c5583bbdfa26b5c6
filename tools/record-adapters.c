/*
 * record-adapters: the IP Helper buffers Station Network Check reads on Windows, written raw to
 * one file that replays on any machine (tests/helpers/iphlpapi_recording.py).
 *
 * It calls what app/core/platform/windows.py calls, with the same arguments:
 * GetAdaptersAddresses(AF_UNSPEC, the product's flags), GetIfTable2 and
 * GetIpForwardTable2(AF_INET), and writes each buffer as Windows filled it. The adapter list is
 * a web of pointers into its own buffer; each pointer is written as its offset from the start of
 * the buffer and listed as a fix-up, so that a reader anywhere can put its own addresses back,
 * and the pointers to UTF-16 strings are marked as such (a reader whose wchar_t is 4 bytes
 * re-encodes them). Nothing is sent on the network and nothing else is read.
 *
 * The file holds what ipconfig /all shows: adapter names and descriptions, addresses, gateways,
 * DNS servers, MAC addresses. Build: x86_64-w64-mingw32-gcc -O2 -municode
 *   -o record-adapters.exe tools/record-adapters.c -liphlpapi
 * Run: record-adapters.exe FILE (README, Windows: "Recording a real laptop").
 *
 * File layout, little-endian: "SNCIPHLP", u32 format (1), u32 pointer size, u32 address family,
 * u32 flags, u32 number of sections, u32 0; then per section: 4-byte tag ("GAA ", "IFT2",
 * "FWD2"), u32 the call's return code, u32 the size of one element as this compiler lays it out,
 * u32 0, u64 buffer size, u64 number of fix-ups, the buffer, then each fix-up as u64 offset of
 * the pointer in the buffer and u64 kind (0: a pointer, 1: a pointer to a UTF-16 string).
 */
#define WIN32_LEAN_AND_MEAN
#define _WIN32_WINNT 0x0600
#define NTDDI_VERSION 0x06000100
#include <winsock2.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <wchar.h>

/* app/core/platform/windows.py's GAA_FLAGS: the list the product reads, not a fuller one. */
#define PRODUCT_FLAGS                                                                          \
    (GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_INCLUDE_PREFIX |               \
     GAA_FLAG_INCLUDE_GATEWAYS)
#define PRODUCT_FAMILY AF_UNSPEC
#define FORMAT_VERSION 1
#define INITIAL_SIZE 15000
#define MAX_TRIES 5
#define MAX_NODES 100000

enum { FIXUP_POINTER = 0, FIXUP_UTF16 = 1 };

struct fixup {
    uint64_t offset;
    uint64_t kind;
};

struct section {
    char tag[4];
    uint32_t status;
    uint32_t item_size;
    const unsigned char *data;
    size_t size;
    struct fixup *fixups;
    size_t count;
    size_t capacity;
};

static int inside(const struct section *s, const void *start, size_t length) {
    const unsigned char *p = start;
    return p >= s->data && length <= s->size && (size_t)(p - s->data) <= s->size - length;
}

/* The pointer stored at `field` (itself inside the buffer) becomes a fix-up; NULL stays NULL. */
static int fix(struct section *s, const void *field, int kind) {
    const unsigned char *target;
    memcpy(&target, field, sizeof target);
    if (!target)
        return 0;
    if (!inside(s, field, sizeof target) || !inside(s, target, 1)) {
        fwprintf(stderr, L"record-adapters: a %.4hs pointer leads outside its buffer\n", s->tag);
        return -1;
    }
    if (kind == FIXUP_UTF16) {
        size_t room = (s->size - (size_t)(target - s->data)) / sizeof(WCHAR);
        const WCHAR *text = (const WCHAR *)target;
        size_t length = 0;
        while (length < room && text[length])
            length++;
        if (length == room) {
            fwprintf(stderr, L"record-adapters: a string runs past the end of its buffer\n");
            return -1;
        }
    }
    if (s->count == s->capacity) {
        size_t capacity = s->capacity ? 2 * s->capacity : 256;
        struct fixup *grown = realloc(s->fixups, capacity * sizeof *grown);
        if (!grown)
            return -1;
        s->fixups = grown;
        s->capacity = capacity;
    }
    s->fixups[s->count].offset = (uint64_t)((const unsigned char *)field - s->data);
    s->fixups[s->count].kind = (uint64_t)kind;
    s->count++;
    return 0;
}

/* Every list hanging off an adapter starts with the same header, Next and a SOCKET_ADDRESS. */
#define FIX_ADDRESS_LIST(s, type, first)                                                       \
    do {                                                                                       \
        size_t nodes_ = 0;                                                                     \
        for (const type *node_ = (first); node_; node_ = node_->Next) {                        \
            if (++nodes_ > MAX_NODES || !inside((s), node_, sizeof *node_))                    \
                return -1;                                                                     \
            if (fix((s), &node_->Next, FIXUP_POINTER) ||                                       \
                fix((s), &node_->Address.lpSockaddr, FIXUP_POINTER))                           \
                return -1;                                                                     \
        }                                                                                      \
    } while (0)

static int fix_adapters(struct section *s) {
    size_t nodes = 0;
    for (const IP_ADAPTER_ADDRESSES_LH *a = (const void *)s->data; s->size && a; a = a->Next) {
        if (++nodes > MAX_NODES || !inside(s, a, sizeof *a))
            return -1;
        if (fix(s, &a->Next, FIXUP_POINTER) || fix(s, &a->AdapterName, FIXUP_POINTER) ||
            fix(s, &a->FirstUnicastAddress, FIXUP_POINTER) ||
            fix(s, &a->FirstAnycastAddress, FIXUP_POINTER) ||
            fix(s, &a->FirstMulticastAddress, FIXUP_POINTER) ||
            fix(s, &a->FirstDnsServerAddress, FIXUP_POINTER) ||
            fix(s, &a->DnsSuffix, FIXUP_UTF16) || fix(s, &a->Description, FIXUP_UTF16) ||
            fix(s, &a->FriendlyName, FIXUP_UTF16) || fix(s, &a->FirstPrefix, FIXUP_POINTER) ||
            fix(s, &a->FirstWinsServerAddress, FIXUP_POINTER) ||
            fix(s, &a->FirstGatewayAddress, FIXUP_POINTER) ||
            fix(s, &a->Dhcpv4Server.lpSockaddr, FIXUP_POINTER) ||
            fix(s, &a->Dhcpv6Server.lpSockaddr, FIXUP_POINTER) ||
            fix(s, &a->FirstDnsSuffix, FIXUP_POINTER))
            return -1;
        FIX_ADDRESS_LIST(s, IP_ADAPTER_UNICAST_ADDRESS_LH, a->FirstUnicastAddress);
        FIX_ADDRESS_LIST(s, IP_ADAPTER_ANYCAST_ADDRESS_XP, a->FirstAnycastAddress);
        FIX_ADDRESS_LIST(s, IP_ADAPTER_MULTICAST_ADDRESS_XP, a->FirstMulticastAddress);
        FIX_ADDRESS_LIST(s, IP_ADAPTER_DNS_SERVER_ADDRESS_XP, a->FirstDnsServerAddress);
        FIX_ADDRESS_LIST(s, IP_ADAPTER_PREFIX_XP, a->FirstPrefix);
        FIX_ADDRESS_LIST(s, IP_ADAPTER_WINS_SERVER_ADDRESS_LH, a->FirstWinsServerAddress);
        FIX_ADDRESS_LIST(s, IP_ADAPTER_GATEWAY_ADDRESS_LH, a->FirstGatewayAddress);
        size_t suffixes = 0;
        for (const IP_ADAPTER_DNS_SUFFIX *x = a->FirstDnsSuffix; x; x = x->Next) {
            if (++suffixes > MAX_NODES || !inside(s, x, sizeof *x) ||
                fix(s, &x->Next, FIXUP_POINTER))
                return -1;
        }
    }
    return 0;
}

static int put(FILE *out, const void *data, size_t size) {
    return size == 0 || fwrite(data, size, 1, out) == 1 ? 0 : -1;
}

static int put_u32(FILE *out, uint32_t value) { return put(out, &value, sizeof value); }

static int put_u64(FILE *out, uint64_t value) { return put(out, &value, sizeof value); }

static int put_section(FILE *out, const struct section *s) {
    if (put(out, s->tag, 4) || put_u32(out, s->status) || put_u32(out, s->item_size) ||
        put_u32(out, 0) || put_u64(out, s->size) || put_u64(out, s->count))
        return -1;
    /* The buffer as Windows wrote it, every pointer replaced by its offset. */
    unsigned char *copy = malloc(s->size ? s->size : 1);
    if (!copy)
        return -1;
    memcpy(copy, s->data, s->size);
    for (size_t i = 0; i < s->count; i++) {
        const unsigned char *target;
        memcpy(&target, s->data + s->fixups[i].offset, sizeof target);
        uint64_t offset = (uint64_t)(target - s->data);
        memcpy(copy + s->fixups[i].offset, &offset, sizeof offset);
    }
    int failed = put(out, copy, s->size);
    free(copy);
    for (size_t i = 0; !failed && i < s->count; i++)
        failed = put_u64(out, s->fixups[i].offset) || put_u64(out, s->fixups[i].kind);
    return failed;
}

int wmain(int argc, wchar_t **argv) {
    setlocale(LC_ALL, ""); /* the user's code page, so that French accents reach the console */
    if (argc != 2) {
        fwprintf(stderr, L"usage: record-adapters FILE\n"
                         L"utilisation : record-adapters FICHIER\n");
        return 2;
    }

    struct section adapters = {.tag = {'G', 'A', 'A', ' '},
                               .item_size = sizeof(IP_ADAPTER_ADDRESSES_LH)};
    ULONG size = INITIAL_SIZE;
    unsigned char *buffer = NULL;
    for (int tries = 0; tries < MAX_TRIES; tries++) {
        free(buffer);
        /* Zeroed: the part Windows leaves unused is written to the file too. */
        buffer = calloc(1, size ? size : 1);
        if (!buffer)
            return 1;
        adapters.status = GetAdaptersAddresses(PRODUCT_FAMILY, PRODUCT_FLAGS, NULL,
                                               (IP_ADAPTER_ADDRESSES *)buffer, &size);
        if (adapters.status != ERROR_BUFFER_OVERFLOW)
            break;
    }
    adapters.data = buffer;
    adapters.size = adapters.status == ERROR_SUCCESS ? size : 0;
    if (fix_adapters(&adapters)) {
        fwprintf(stderr, L"record-adapters: the adapter list is not what Windows documents\n");
        return 1;
    }

    MIB_IF_TABLE2 *interfaces = NULL;
    struct section interface_table = {.tag = {'I', 'F', 'T', '2'},
                                      .item_size = sizeof(MIB_IF_ROW2)};
    interface_table.status = GetIfTable2(&interfaces);
    if (interface_table.status == NO_ERROR) {
        interface_table.data = (const unsigned char *)interfaces;
        interface_table.size =
            offsetof(MIB_IF_TABLE2, Table) + interfaces->NumEntries * sizeof(MIB_IF_ROW2);
    }

    MIB_IPFORWARD_TABLE2 *routes = NULL;
    struct section route_table = {.tag = {'F', 'W', 'D', '2'},
                                  .item_size = sizeof(MIB_IPFORWARD_ROW2)};
    route_table.status = GetIpForwardTable2(AF_INET, &routes);
    if (route_table.status == NO_ERROR) {
        route_table.data = (const unsigned char *)routes;
        route_table.size =
            offsetof(MIB_IPFORWARD_TABLE2, Table) + routes->NumEntries * sizeof(MIB_IPFORWARD_ROW2);
    }

    FILE *out = _wfopen(argv[1], L"wb");
    if (!out) {
        fwprintf(stderr, L"record-adapters: cannot write %ls\n"
                         L"record-adapters : impossible d'écrire %ls\n",
                 argv[1], argv[1]);
        return 1;
    }
    int failed = put(out, "SNCIPHLP", 8) || put_u32(out, FORMAT_VERSION) ||
                 put_u32(out, (uint32_t)sizeof(void *)) || put_u32(out, PRODUCT_FAMILY) ||
                 put_u32(out, PRODUCT_FLAGS) || put_u32(out, 3) || put_u32(out, 0) ||
                 put_section(out, &adapters) || put_section(out, &interface_table) ||
                 put_section(out, &route_table);
    failed = fclose(out) || failed;
    if (interfaces)
        FreeMibTable(interfaces);
    if (routes)
        FreeMibTable(routes);
    free(buffer);
    if (failed) {
        fwprintf(stderr, L"record-adapters: cannot write %ls\n"
                         L"record-adapters : impossible d'écrire %ls\n",
                 argv[1], argv[1]);
        return 1;
    }
    wprintf(L"record-adapters: %ls written (adapter names, addresses, MAC addresses)\n"
            L"record-adapters : %ls écrit (noms des cartes, adresses, adresses MAC)\n",
            argv[1], argv[1]);
    return 0;
}
