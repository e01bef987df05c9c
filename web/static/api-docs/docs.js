// The API reference's own logic (a file, since the page's Content-Security-Policy runs no inline
// script): RapiDoc follows the system's light or dark scheme with the app's colours
// (web/static/style.css), so text keeps the app's contrast.
const THEMES = {
  light: { 'bg-color': '#f6f7f9', 'text-color': '#161b22', 'primary-color': '#0a58ca' },
  dark: { 'bg-color': '#10151c', 'text-color': '#e6edf3', 'primary-color': '#4493f8' },
};
const reference = document.querySelector('rapi-doc');
const dark = matchMedia('(prefers-color-scheme: dark)');
const follow = () => {
  const theme = dark.matches ? 'dark' : 'light';
  reference.setAttribute('theme', theme);
  for (const [name, value] of Object.entries(THEMES[theme])) reference.setAttribute(name, value);
};
follow();
dark.addEventListener('change', follow);
