// Durable file replacement: write a temporary file in the same folder, fsync, rename over the
// target, fsync the folder. Readers see the old file or the new one, never a torn one.
#pragma once

#include <filesystem>
#include <string_view>

#include <sys/types.h>

namespace iru::host {

// The file gets exactly mode, whatever the umask. Throws std::runtime_error naming the file on
// failure (the temporary is removed).
void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           mode_t mode = 0600);

// fsyncs a file or folder; throws std::runtime_error naming it on failure.
void sync_path(const std::filesystem::path& path);

}  // namespace iru::host
