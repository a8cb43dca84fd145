// Website order: the uploads of a run in two stages, so that a page never goes live before what
// it references. Stage 1 is every other file (CSS, JS, images, PDFs, data), stage 2 the HTML pages;
// each stage in key order. The executor starts stage 2 only when every stage-1 upload has ended
// (done or failed), and runs deletes after both. Pure.
#pragma once

#include <string_view>
#include <vector>

#include "sync/sync_types.h"

namespace s3mirror::sync {

// True when the key's last segment ends in .html, .htm or .xhtml, in any case ("A/INDEX.HTM").
bool IsHtmlKey(std::string_view key);

// Stably moves the uploads of HTML pages after all others and sets plan.first_page to the index
// of the first page (uploads.size() when there is none). Requires: plan.uploads index `files`.
void OrderForWebsite(Plan& plan, const std::vector<LocalFile>& files);

}  // namespace s3mirror::sync
