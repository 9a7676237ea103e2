import { Layout, type PageContext } from './components.tsx';

/** Not found, bad request or a server error, as a page with a way back. */
export function ErrorPage(props: { ctx: PageContext; status: number; title: string; message: string; path: string }) {
  return (
    <Layout ctx={props.ctx} title={props.title} path={props.path}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to the tracked entries</a>
      </p>
    </Layout>
  );
}
