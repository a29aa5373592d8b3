/* The layout of ABI 1.0 (LP64), shared by the check of the 1.0 header copy and of the current
 * header: the current header must keep every 1.0 offset and append after the 1.0 sizes. */
#ifndef IRU_ABI_LAYOUT_1_0_H
#define IRU_ABI_LAYOUT_1_0_H

#include <stddef.h>

#define IRU_ASSERT_OFFSET(type, field, at) \
    _Static_assert(offsetof(type, field) == (at), #type "." #field " is at " #at)

/* Every field of ABI 1.0 at its 1.0 offset. */
#define IRU_ASSERT_1_0_PREFIX()                                                                    \
    IRU_ASSERT_OFFSET(iru_plugin_entry, struct_size, 0);                                           \
    IRU_ASSERT_OFFSET(iru_plugin_entry, abi_version, 4);                                           \
    IRU_ASSERT_OFFSET(iru_plugin_entry, negotiate, 16);                                            \
    IRU_ASSERT_OFFSET(iru_host, struct_size, 0);                                                   \
    IRU_ASSERT_OFFSET(iru_host, abi_version, 4);                                                   \
    IRU_ASSERT_OFFSET(iru_host, host_data, 16);                                                    \
    IRU_ASSERT_OFFSET(iru_host, host_name, 24);                                                    \
    IRU_ASSERT_OFFSET(iru_host, host_version, 32);                                                 \
    IRU_ASSERT_OFFSET(iru_host, log, 40);                                                          \
    IRU_ASSERT_OFFSET(iru_host, get_credential, 48);                                               \
    IRU_ASSERT_OFFSET(iru_host, emit, 56);                                                         \
    IRU_ASSERT_OFFSET(iru_host, progress, 64);                                                     \
    IRU_ASSERT_OFFSET(iru_host, should_cancel, 72);                                                \
    IRU_ASSERT_OFFSET(iru_host, state_get, 80);                                                    \
    IRU_ASSERT_OFFSET(iru_host, state_set, 88);                                                    \
    IRU_ASSERT_OFFSET(iru_source_plugin, struct_size, 0);                                          \
    IRU_ASSERT_OFFSET(iru_source_plugin, describe, 8);                                             \
    IRU_ASSERT_OFFSET(iru_source_plugin, create, 16);                                              \
    IRU_ASSERT_OFFSET(iru_source_plugin, collect, 24);                                             \
    IRU_ASSERT_OFFSET(iru_source_plugin, cancel, 32);                                              \
    IRU_ASSERT_OFFSET(iru_source_plugin, destroy, 40);                                             \
    IRU_ASSERT_OFFSET(iru_source_plugin, last_error, 48);                                          \
    IRU_ASSERT_OFFSET(iru_plugin_descriptor, id, 8);                                               \
    IRU_ASSERT_OFFSET(iru_plugin_descriptor, record_types, 40);                                    \
    IRU_ASSERT_OFFSET(iru_plugin_descriptor, credential_names, 48);                                \
    IRU_ASSERT_OFFSET(iru_plugin_descriptor, options_schema, 56);                                  \
    IRU_ASSERT_OFFSET(iru_record, type, 8);                                                        \
    IRU_ASSERT_OFFSET(iru_record, data_len, 32);                                                   \
    IRU_ASSERT_OFFSET(iru_progress, records_emitted, 8);                                           \
    IRU_ASSERT_OFFSET(iru_progress, phase, 32);                                                    \
    _Static_assert(IRU_STATUS_OK == 0 && IRU_STATUS_PARTIAL == 1 && IRU_STATUS_AUTH_FAILED == 2 && \
                       IRU_STATUS_BAD_CONFIG == 6 && IRU_STATUS_CANCELLED == 7 &&                  \
                       IRU_STATUS_NOT_FOUND == 10,                                                 \
                   "1.0 status codes");                                                            \
    _Static_assert(IRU_LOG_DEBUG == 0 && IRU_LOG_ERROR == 3, "1.0 log levels")

/* The 1.0 sizes: where 1.1 appends. */
#define IRU_1_0_SIZEOF_HOST 96
#define IRU_1_0_SIZEOF_SOURCE_PLUGIN 56
#define IRU_1_0_SIZEOF_DESCRIPTOR 64
#define IRU_1_0_SIZEOF_ENTRY 24
#define IRU_1_0_SIZEOF_RECORD 40
#define IRU_1_0_SIZEOF_PROGRESS 40

#endif
