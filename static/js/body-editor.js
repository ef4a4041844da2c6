// The body's rich-text editor (articles/richtext/editor.py): django-prose-editor's
// ProseMirror/Tiptap editor with the extensions and toolbar the server's allow-list
// defines. The textarea carries that configuration as JSON; the editor writes its HTML
// back into the textarea, which the form submits as before.
//
// django-prose-editor's own presets load the editor through an import map, an inline
// script that the Content Security Policy (script-src 'self') refuses; this module
// imports the editor by the URL in the configuration instead.

const ATTRIBUTE = "data-django-prose-editor-newsroom"

// Every group a django-prose-editor menu item can belong to.
const ALL_GROUPS = "blockType nodes lists marks link table history utility headings"

async function start(textarea) {
  if (textarea.closest(".prose-editor")) return
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE))
  const prose = await import(config.module)
  const extensions = Object.entries(config.extensions).map(([name, options]) => {
    const extension = prose[name]
    if (!extension) throw new Error(`body editor: no extension named ${name}`)
    return options === true ? extension : extension.configure(options)
  })
  extensions.push(prose.Menu.configure({ items: toolbar(config.toolbar) }))
  const editor = prose.createTextareaEditor(textarea, extensions)
  labelEditor(editor, textarea)
}

// The toolbar: only the buttons the allow-list offers, in its groups and order, each
// named by its label (title and accessible name), in place of the library's full menu.
function toolbar(groups) {
  return ({ editor, menu }) => {
    const defined = new Map(menu.items(ALL_GROUPS).map((item) => [item.name, item]))
    return groups.map((group) =>
      menu.buttonGroup(
        { editor },
        group.map(({ name, label }) => {
          const item = defined.get(name)
          if (!item) throw new Error(`body editor: no menu item named ${name}`)
          item.button.title = label
          item.button.setAttribute("aria-label", label)
          return name === "table" ? { ...item, command: insertTable } : item
        }),
      ),
    )
  }
}

// A small table with a header row, straight away: the library's dialog asks "Yes"/"No"
// in English; rows and columns are added with the buttons beside it.
function insertTable(editor) {
  editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()
}

// The editing area is named by the field's label, and the label focuses it.
function labelEditor(editor, textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  const area = editor.view.dom
  area.setAttribute("role", "textbox")
  area.setAttribute("aria-multiline", "true")
  if (label) {
    label.id = label.id || `${textarea.id}_label`
    area.setAttribute("aria-labelledby", label.id)
    label.addEventListener("click", () => editor.commands.focus())
  }
  const help = document.getElementById(`${textarea.id}_helptext`)
  if (help) area.setAttribute("aria-describedby", help.id)
}

for (const textarea of document.querySelectorAll(`[${ATTRIBUTE}]`)) {
  start(textarea).catch((error) => {
    // The textarea stays as it was: raw HTML, sanitised by the server.
    console.error("body editor:", error)
  })
}
