// Copies the static assets tsc does not emit (icons, codex *.node.json) into dist/, keeping paths.
const { src, dest } = require('gulp');

function build() {
	// encoding: false keeps binary files (PNG) byte-exact under gulp 5.
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = build;
