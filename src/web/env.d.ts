// Asset URL imports handled by Vite (`import url from './file?url'`).
declare module '*?url' {
  const url: string;
  export default url;
}
