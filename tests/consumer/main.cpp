// A program of its own using an installed labelkit (tests/consumer/run.sh): reads each dataset
// named on the command line, detecting its format, and prints what it holds.
#include <iostream>

#include <labelkit/format.hpp>

int main(int argc, char** argv) {
    try {
        const std::vector<labelkit::Format> formats = labelkit::all_formats();
        for (int i = 1; i < argc; ++i) {
            labelkit::DiagnosticSink sink;
            const labelkit::LoadedDataset loaded = labelkit::load_dataset(formats, argv[i], "", {}, sink);
            std::cout << loaded.format->name << ": " << loaded.dataset.items.size() << " images, "
                      << loaded.dataset.annotations.size() << " annotations, "
                      << loaded.dataset.categories.size() << " categories\n";
        }
    } catch (const labelkit::Error& error) {
        std::cerr << error.what() << '\n';
        return 2;
    }
    return 0;
}
