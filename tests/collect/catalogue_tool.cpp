// iru-heroku-catalogue: prints what is derived from the catalogue, checks the committed files
// against it, or rewrites them.
//   iru-heroku-catalogue check REPO     exit 1 and one line per drifted file
//   iru-heroku-catalogue write REPO     rewrite the record schemas, manifest record_types, README
//   list iru-heroku-catalogue schema TYPE    print one record schema iru-heroku-catalogue types
//   print the record types (the manifest's list)
#include <iostream>
#include <string>

#include "catalogue_artefacts.hpp"
#include "collect/record_schema.hpp"

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    try {
        if (command == "check" && argc == 3) {
            const auto drift = iru::test::catalogue_drift(argv[2]);
            for (const auto& line : drift) std::cout << line << "\n";
            if (!drift.empty())
                std::cout << "regenerate with: iru-heroku-catalogue write " << argv[2] << "\n";
            return drift.empty() ? 0 : 1;
        }
        if (command == "write" && argc == 3) {
            for (const auto& file : iru::test::write_catalogue_artefacts(argv[2]))
                std::cout << "wrote " << file << "\n";
            return 0;
        }
        if (command == "schema" && argc == 3) {
            std::cout << iru::heroku::record_schema(argv[2]).dump(2) << "\n";
            return 0;
        }
        if (command == "types" && argc == 2) {
            std::cout << iru::heroku::manifest_record_types().dump(2) << "\n";
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "iru-heroku-catalogue: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "usage: iru-heroku-catalogue check REPO | write REPO | schema TYPE | types\n";
    return 2;
}
