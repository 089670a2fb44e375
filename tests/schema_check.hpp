#pragma once
// Validating JSON documents against JSON Schemas in tests (valijson).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/schema_parser.hpp>

namespace labelkit::test {

// The validation errors of document against the schema file; empty when it is valid.
std::vector<std::string> schema_errors(const std::filesystem::path& schema_path, const nlohmann::json& document,
                                       valijson::SchemaParser::Version version = valijson::SchemaParser::kDraft7);

}  // namespace labelkit::test
