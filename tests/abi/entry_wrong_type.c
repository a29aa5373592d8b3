/* Must NOT compile: with IRU_SOURCE_PLUGIN_DEFINE_ENTRY the header declares the entry object, so a
 * definition of the wrong type is a compile error (abi.entry_declaration_checks_the_type). */
#define IRU_SOURCE_PLUGIN_DEFINE_ENTRY
#include <iru/source_plugin.h>

IRU_PLUGIN_EXPORT const iru_source_plugin iru_source_plugin_entry = {
    sizeof(iru_source_plugin), 0, 0, 0, 0, 0, 0, 0};
