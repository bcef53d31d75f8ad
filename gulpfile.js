// `n8n-node build` compiles the TypeScript and copies the icons; the codex files (*.node.json) are
// left to this task: n8n reads each node's codex beside its .node.js.
const { src, dest } = require('gulp');

function build() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

exports.build = build;
