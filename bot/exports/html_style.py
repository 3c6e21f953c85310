"""The HTML export's only style sheet, inlined: the file makes no request of any kind."""

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1d232b; background: #fff;
       max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #dfe4ea; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.meta dt { color: #5b6675; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
         border-bottom: 1px solid #e6e9ee; }
/* Everything a person typed is isolated: a right-to-left override cannot spill out of it. */
bdi, .text { unicode-bidi: isolate; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word;
        background: #f6f8fa; border-left: 3px solid #9fb3c8; padding: .4rem .6rem;
        margin: .3rem 0; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; overflow-wrap: anywhere;
        color: #4a5563; }
ol.timeline { list-style: none; padding: 0; }
ol.timeline > li { border-left: 3px solid #c9d3de; padding: .2rem 0 .6rem .8rem;
                   margin-bottom: .2rem; }
ol.timeline > li.private { border-left-color: #d08a2e; background: #fff9f0; }
ol.timeline > li.redacted { color: #6b7684; font-style: italic; border-left-style: dashed; }
.when { color: #5b6675; font-size: .85rem; }
.tag { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: .6rem;
       background: #e8edf3; color: #34404e; }
.tag.private { background: #f7e3c8; }
.version { margin-left: 1rem; }
.deleted { color: #a33; font-weight: 600; }
.evidence { display: flex; gap: .8rem; align-items: flex-start; padding: .4rem 0;
            border-bottom: 1px solid #e6e9ee; }
.evidence img { max-width: 12rem; max-height: 9rem; border: 1px solid #ccd3db; }
.note { color: #6b7684; font-style: italic; }
figure.chart { margin: .6rem 0; }
figure.chart svg { max-width: 100%; height: auto; border: 1px solid #e6e9ee; }
figure.chart figcaption { color: #5b6675; font-size: .85rem; }
.signed { color: #17692f; font-weight: 600; }
footer { margin-top: 2rem; color: #5b6675; font-size: .85rem; }
"""
