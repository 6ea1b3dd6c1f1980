// Registers the site's YAML formats (essen-format.js), then starts Decap with config.yml.
import { listFormat, recordFormat } from "./essen-format.js";

window.CMS.registerCustomFormat("essen-yaml", "yml", recordFormat);
window.CMS.registerCustomFormat("essen-yaml-list", "yml", listFormat);
window.CMS.init();
