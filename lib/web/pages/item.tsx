import type { Item } from '../../model/item.ts';
import type { VersionChange } from '../changes.ts';
import type { WebEntry } from '../ports.ts';
import { CiteThis, KIND_LABEL, KindBadge, Layout, Snippet, Time, type PageContext } from './components.tsx';

export interface ItemProps {
  ctx: PageContext;
  item: Item;
  sourceName: string;
  entries: Map<string, WebEntry>;
  changes: VersionChange[];
}

/** `/item/{id}`: an item's full text, tags and evidence, source and licence, and what each version changed. */
export function ItemPage(p: ItemProps) {
  const { ctx, item } = p;
  const path = `/item/${encodeURIComponent(item.id)}`;
  const tags = [...item.inquiries, ...item.commitments];
  const host = hostOf(item.url);
  const paragraphs = item.text.split(/\n\s*\n|\n/).map((t) => t.trim()).filter(Boolean);
  const firstEntry = tags.map((t) => p.entries.get(t)).find(Boolean);
  return (
    <Layout ctx={ctx} title={item.title} path={path}>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <ol>
          <li>
            <a href="/">Tracked entries</a>
          </li>
          {firstEntry && (
            <li>
              <a href={`/entries/${encodeURIComponent(firstEntry.id)}`}>{firstEntry.name}</a>
            </li>
          )}
          <li aria-current="page">Item</li>
        </ol>
      </nav>
      <article class="item-page" aria-labelledby="item-title">
        <h1 id="item-title">{item.title}</h1>
        <dl class="facts">
          <div>
            <dt>Kind</dt>
            <dd>
              <KindBadge kind={item.kind} />
            </dd>
          </div>
          <div>
            <dt>Source</dt>
            <dd>{p.sourceName}</dd>
          </div>
          <div>
            <dt>Published</dt>
            <dd>
              <Time iso={item.published} long />
            </dd>
          </div>
          <div>
            <dt>First archived</dt>
            <dd>
              <Time iso={item.firstSeen} long />
            </dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>
              {item.version}
              {item.version > 1 && (
                <>
                  {' '}
                  (<a href="#versions">what changed</a>)
                </>
              )}
            </dd>
          </div>
          {item.author && (
            <div>
              <dt>Author</dt>
              <dd>{item.author}</dd>
            </div>
          )}
        </dl>
        <p class="original">
          <a href={item.url} rel="noopener noreferrer external">
            Read the original{host ? ` at ${host}` : ''}
          </a>
        </p>
        {item.attribution && <p class="attribution">{item.attribution}</p>}

        <section aria-labelledby="tags-heading">
          <h2 id="tags-heading">Why it is tracked</h2>
          {tags.length === 0 ? (
            <p>This item matches no tracked entry in the current registry.</p>
          ) : (
            <ul class="tags">
              {tags.map((t) => {
                const evidence = item.evidence.find((e) => e.id === t);
                const phrases = [...new Set(evidence?.phrases.map((x) => x.phrase) ?? [])];
                return (
                  <li>
                    <a href={`/entries/${encodeURIComponent(t)}`}>{p.entries.get(t)?.name ?? t}</a>
                    {evidence && (
                      <p class="evidence">
                        <span class="evidence-label">
                          Matched {phrases.map((x) => `‘${x}’`).join(', ')} (score {evidence.score}):
                        </span>{' '}
                        <Snippet snippet={evidence.snippet} phrases={phrases} />
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section aria-labelledby="text-heading">
          <h2 id="text-heading">Full text</h2>
          {paragraphs.length ? (
            <div class="fulltext">
              {paragraphs.map((t) => (
                <p>{t}</p>
              ))}
            </div>
          ) : (
            <p class="muted">The source gave no text beyond the title.</p>
          )}
        </section>

        {p.changes.length > 0 && (
          <section aria-labelledby="versions" class="versions">
            <h2 id="versions" tabIndex={-1}>
              Versions
            </h2>
            <p>
              This item has {item.version} versions; each one was fetched from the source when its title, link or text changed. Removed text is{' '}
              <del>struck through</del>, added text is <ins>underlined</ins>.
            </p>
            <ol class="changes">
              {p.changes.map((c) => (
                <li>
                  <h3>
                    Version {c.version}, fetched <Time iso={c.fetched} withTime />
                  </h3>
                  <ChangeDetails change={c} entries={p.entries} />
                </li>
              ))}
            </ol>
          </section>
        )}
      </article>
      <CiteThis
        ctx={ctx}
        cite={{ title: item.title, source: p.sourceName, date: item.published, url: `${ctx.baseUrl}${path}`, original: item.url }}
      />
    </Layout>
  );
}

function ChangeDetails(props: { change: VersionChange; entries: Map<string, WebEntry> }) {
  const c = props.change;
  const name = (id: string) => props.entries.get(id)?.name ?? id;
  return (
    <ul class="change-list">
      {c.title && (
        <li>
          Title: <del>{c.title.before}</del> <ins>{c.title.after}</ins>
        </li>
      )}
      {c.url && (
        <li>
          Link: <del class="url">{c.url.before}</del> <ins class="url">{c.url.after}</ins>
        </li>
      )}
      {c.kind && (
        <li>
          Kind: {KIND_LABEL[c.kind.before as keyof typeof KIND_LABEL] ?? c.kind.before} → {KIND_LABEL[c.kind.after as keyof typeof KIND_LABEL] ?? c.kind.after}
        </li>
      )}
      {c.tagsAdded.length > 0 && <li>Now tracked under: {c.tagsAdded.map(name).join(', ')}</li>}
      {c.tagsRemoved.length > 0 && <li>No longer tracked under: {c.tagsRemoved.map(name).join(', ')}</li>}
      {c.text &&
        ('tooLarge' in c.text ? (
          <li>Text: rewritten throughout (too many changes to show word by word).</li>
        ) : (
          <li>
            Text: {c.text.added} words added, {c.text.removed} removed.
            <p class="diff">
              {c.text.parts.map((part) => (part.change === 'added' ? <ins>{part.text}</ins> : part.change === 'removed' ? <del>{part.text}</del> : part.text))}
            </p>
          </li>
        ))}
      {!c.title && !c.url && !c.text && !c.kind && c.tagsAdded.length === 0 && c.tagsRemoved.length === 0 && <li>Details only (author or identifiers).</li>}
    </ul>
  );
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
