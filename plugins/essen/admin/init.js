// Read by Decap when its bundle loads: the editor starts only after start.js has registered the
// site's YAML formats, which the configuration names.
window.CMS_MANUAL_INIT = true;
