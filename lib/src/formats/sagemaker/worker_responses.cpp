// SageMaker Ground Truth worker responses: <job>/annotations/worker-response/iteration-N/<object
// index>/<time>.json, one file per data object holding its workers' answers. Read are
//   {"answers": [{"workerId", "workerMetadata": {"identityData": {"sub"}}, "answerContent": {...}}]},
//   [{<answer content>}, ...]  (a custom template's output, as the crowd element pages show it),
//   [{"datasetObjectId", "dataObject": {"s3Uri"|"content"}, "annotations": [{"workerId",
//     "annotationData": {"content": "<answer content as a JSON string>"}}]}]  (the post-annotation
//     Lambda's input, saved as consolidated-annotation/consolidation-request/iteration-N/<time>.json).
// A folder (the job, annotations/ or worker-response/) is read from its worker responses only: the
// consolidation requests repeat them (read only when there are no worker responses) and the
// consolidation responses are the Lambda's output.
// Each worker is an annotator. The item: the dataObject's S3 URI when the file gives one, else the
// one the consolidation requests give its dataset object, else the object's index folder (see
// object_key), else the file's stem. A text job's object ("dataObject": {"content"}) is a text item
// named by its index, the text in its extra.
#include <algorithm>

#include <fmt/format.h>

#include "formats/sagemaker/sagemaker_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::sagemaker {

namespace fs = std::filesystem;

namespace {

struct ResponseFile {
    fs::path path;
    std::string key;  // the item when the file does not name one: its folder or its stem
    std::string name;  // the file relative to the input, for annotators without an id
};

std::string string_or(const nlohmann::json& object, const char* key, const std::string& fallback) {
    const auto found = object.is_object() ? object.find(key) : object.end();
    return found != object.end() && found->is_string() && !found->get_ref<const std::string&>().empty()
               ? found->get<std::string>()
               : fallback;
}

// The worker: "workerId", or the private workforce's identity ("workerMetadata.identityData.sub").
std::string worker_of(const nlohmann::json& answer, const std::string& fallback) {
    const nlohmann::json identity =
        answer.value("workerMetadata", nlohmann::json::object()).value("identityData", nlohmann::json::object());
    return string_or(answer, "workerId", string_or(identity, "sub", fallback));
}

nlohmann::json data_object_of(const nlohmann::json& holder) {
    return holder.is_object() ? holder.value("dataObject", nlohmann::json::object()) : nlohmann::json::object();
}

// The data object's reference ("dataObject": {"s3Uri"}) when the answer's holder gives one.
std::string item_of(const nlohmann::json& holder, const std::string& fallback) {
    const nlohmann::json data_object = data_object_of(holder);
    return string_or(data_object, "s3Uri", string_or(data_object, "source-ref", fallback));
}

// A text job's data object is inline: "dataObject": {"content": "<the text>"}.
std::string text_of(const nlohmann::json& holder) { return string_or(data_object_of(holder), "content", ""); }

std::string dataset_object_id(const nlohmann::json& object, const std::string& fallback) {
    const auto id = object.find("datasetObjectId");
    if (id == object.end()) return fallback;
    return id->is_string() ? id->get<std::string>() : id->dump();
}

struct ResponseReader {
    DatasetBuilder& builder;
    const ReadOptions& options;
    DiagnosticSink& sink;
    // Items that are inline texts (named by their dataset object index): name -> text.
    std::unordered_map<std::string, std::string>& texts;
    std::unordered_map<std::string, std::size_t> unread;

    void report(const Error& error) { report_or_throw(error, options, sink, "sagemaker/schema"); }

    // The item the holder's data object names (else `fallback`); its inline text is remembered.
    std::string object_name(const nlohmann::json& holder, const std::string& fallback) {
        const std::string name = item_of(holder, fallback);
        if (const std::string text = text_of(holder); !text.empty()) texts.try_emplace(name, text);
        return name;
    }

    void read_content(const nlohmann::json& content, const std::string& item, const std::string& worker,
                      const Location& where, std::uint32_t file) {
        AnswerSource source;
        source.where = where;
        source.origin = Origin{file, 0};
        const auto text = texts.find(item);
        source.item = builder.item(item, text == texts.end() ? ItemKind::image : ItemKind::text, source.origin);
        if (text != texts.end() && !builder.dataset().items[source.item].extra.contains("text"))
            builder.dataset().items[source.item].extra["text"] = text->second;
        source.annotator = builder.annotator(worker);
        builder.dataset().answers.push_back({source.item, source.annotator});  // a response, even without boxes
        source.format = "sagemaker";
        read_answer_content(content, source, builder, options, sink, unread);
    }

    void read_answers(const nlohmann::json& document, const ResponseFile& response, std::uint32_t file) {
        const nlohmann::json& answers = document["answers"];
        if (!answers.is_array()) throw Error("\"answers\" must be an array", {response.path.string(), 0, 0, "/answers"}, "sagemaker/schema");
        const std::string item = object_name(document, response.key);
        for (std::size_t i = 0; i < answers.size(); ++i) {
            const std::string pointer = fmt::format("/answers/{}", i);
            const nlohmann::json& answer = answers[i];
            if (!answer.is_object() || !answer.contains("answerContent")) {
                report(Error("an answer must be an object with \"answerContent\"", {response.path.string(), 0, 0, pointer},
                             "sagemaker/schema"));
                continue;
            }
            const std::string unnamed = answers.size() == 1 ? response.name : fmt::format("{}#{}", response.name, i);
            read_content(answer["answerContent"], object_name(answer, item), worker_of(answer, unnamed),
                         {response.path.string(), 0, 0, pointer + "/answerContent"}, file);
        }
    }

    // The post-annotation Lambda's input: per data object, the workers' answers as JSON strings.
    void read_lambda_object(const nlohmann::json& object, const ResponseFile& response, const std::string& pointer,
                            std::uint32_t file) {
        const std::string item = object_name(object, dataset_object_id(object, response.key));
        const nlohmann::json& annotations = object["annotations"];
        if (!annotations.is_array()) throw Error("\"annotations\" must be an array", {response.path.string(), 0, 0, pointer + "/annotations"}, "sagemaker/schema");
        for (std::size_t i = 0; i < annotations.size(); ++i) {
            const std::string content_pointer = fmt::format("{}/annotations/{}/annotationData/content", pointer, i);
            const Location where{response.path.string(), 0, 0, content_pointer};
            try {
                const nlohmann::json data = annotations[i].is_object() ? annotations[i].value("annotationData", nlohmann::json()) : nlohmann::json();
                if (!data.is_object() || !data.contains("content") || !data["content"].is_string())
                    throw Error("an annotation needs \"annotationData\": {\"content\": \"<JSON>\"}", where, "sagemaker/schema");
                const nlohmann::json content = parse_json(data["content"].get<std::string>(), where, "sagemaker/answer-json");
                read_content(content, item, worker_of(annotations[i], fmt::format("{}#{}", response.name, i)), where, file);
            } catch (const Error& error) {
                report(error);
            }
        }
    }

    void read_file(const ResponseFile& response) {
        const std::uint32_t file = builder.add_file(response.path);
        const Location whole{response.path.string()};
        const nlohmann::json document = parse_json(read_text_file(response.path), whole, "sagemaker/json-syntax");
        if (document.is_object() && document.contains("answers")) return read_answers(document, response, file);
        if (!document.is_array())
            throw Error("a worker response must be {\"answers\": [...]} or a list of answers", whole, "sagemaker/schema");
        for (std::size_t i = 0; i < document.size(); ++i) {
            const std::string pointer = fmt::format("/{}", i);
            try {
                if (document[i].is_object() && document[i].contains("annotations"))
                    read_lambda_object(document[i], response, pointer, file);
                else
                    read_content(document[i], response.key,
                                 document.size() == 1 ? response.name : fmt::format("{}#{}", response.name, i),
                                 {response.path.string(), 0, 0, pointer}, file);
            } catch (const Error& error) {
                report(error);
            }
        }
    }
};

bool is_iteration_folder(const std::string& name) {
    const std::string prefix = "iteration-";
    return name.size() > prefix.size() && name.starts_with(prefix) &&
           std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

// The item of a file that does not name its data object: the folders below the last iteration-N
// (the dataset object's index, as the input manifest's line), else the file's folder relative to
// the folder read, else the file's stem. The same from the job folder, annotations/ or worker-response/.
std::string object_key(const fs::path& relative) {
    const fs::path folder = relative.parent_path();
    fs::path below;
    bool in_iteration = false;
    for (const fs::path& part : folder) {
        if (is_iteration_folder(part.string())) {
            below.clear();
            in_iteration = true;
        } else if (in_iteration) {
            below /= part;
        }
    }
    if (!below.empty()) return below.generic_string();
    return folder.empty() ? relative.stem().string() : folder.generic_string();
}

// datasetObjectId -> the data object's S3 URI, from the consolidation requests: worker-response
// files do not name their object, the requests do. A request that cannot be read names nothing
// (its objects keep their index as name). Inline text objects keep their index as name; their
// texts go to `texts`.
std::unordered_map<std::string, std::string> object_references(const std::vector<fs::path>& requests,
                                                               std::unordered_map<std::string, std::string>& texts) {
    std::unordered_map<std::string, std::string> references;
    for (const fs::path& path : requests) {
        nlohmann::json document;
        try {
            document = parse_json(read_text_file(path), {path.string()}, "sagemaker/json-syntax");
        } catch (const Error&) {
            continue;
        }
        if (!document.is_array()) continue;
        for (const nlohmann::json& object : document) {
            if (!object.is_object()) continue;
            const std::string id = dataset_object_id(object, "");
            const std::string reference = item_of(object, "");
            if (id.empty()) continue;
            if (!reference.empty()) references.try_emplace(id, reference);
            else if (const std::string text = text_of(object); !text.empty()) texts.try_emplace(id, text);
        }
    }
    return references;
}

// The answer files of a folder: the worker responses, named by the consolidation requests; the
// requests themselves only when there are no worker responses (they hold the same answers).
std::vector<ResponseFile> folder_response_files(const fs::path& folder, std::unordered_map<std::string, std::string>& texts,
                                                DiagnosticSink& sink) {
    const ResponseFolder found = response_folder_files(folder);
    const bool from_requests = found.answers.empty();
    const std::unordered_map<std::string, std::string> references =
        from_requests ? std::unordered_map<std::string, std::string>{} : object_references(found.requests, texts);
    std::vector<ResponseFile> files;
    for (const fs::path& path : from_requests ? found.requests : found.answers) {
        const fs::path relative = path.lexically_relative(folder);
        std::string key = object_key(relative);
        if (const auto named = references.find(key); named != references.end()) key = named->second;
        files.push_back({path, key, relative.generic_string()});
    }
    if (!from_requests && found.requests.size() + found.consolidation_responses > 0)
        sink.info("sagemaker/consolidation-skipped",
                  fmt::format("{} under consolidated-annotation/ not read as answers: consolidation requests repeat the "
                              "worker responses' answers, consolidation responses are the post-annotation Lambda's output",
                              counted(found.requests.size() + found.consolidation_responses, "file")),
                  {folder.string()});
    if (from_requests && found.consolidation_responses > 0)
        sink.info("sagemaker/consolidation-skipped",
                  fmt::format("{} under consolidation-response/ not read: the post-annotation Lambda's output (the answers "
                              "are read from the consolidation requests, there being no worker-response files)",
                              counted(found.consolidation_responses, "file")),
                  {folder.string()});
    return files;
}

}  // namespace

Dataset read_worker_responses(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    Dataset dataset;
    DatasetBuilder builder(dataset);
    std::unordered_map<std::string, std::string> texts;
    ResponseReader reader{builder, options, sink, texts, {}};
    const fs::path path = without_trailing_separator(input);
    const std::vector<ResponseFile> files =
        fs::is_directory(path) ? folder_response_files(path, texts, sink)
                               : std::vector<ResponseFile>{{path, path.stem().string(), path.filename().string()}};
    if (files.empty())
        throw Error("the folder has no worker-response files (JSON with \"answers\"/\"answerContent\")", {input.string()},
                    "sagemaker/schema");
    for (const ResponseFile& file : files) {
        try {
            reader.read_file(file);
        } catch (const Error& error) {
            reader.report(error);
        }
    }
    report_unread(reader.unread, "sagemaker/unread", "answers of the element", {input.string()}, sink);
    return dataset;
}

}  // namespace labelkit::sagemaker
