/* An optional accelerator of crawler/parse/text.py: the layout XSLT's text of an lxml element, and
 * clean_text of it, written by one walk over the element's libxml2 tree.
 *
 * Why: the layout XSLT costs ~9 µs a call before it reads a node (libxslt builds and frees a
 * transform context on every call, lxml a fake root document) and is the largest step of a ggzy
 * page after the parse (bench/RESULTS.md, "Detail-page parsing", round 7). This walk writes the
 * same characters: text.py uses it when the module was built for the lxml it runs with, and the
 * XSLT otherwise; tests/parse compare the two.
 *
 * The element's node comes from lxml's public element struct (lxml.etree.h, `LxmlElement`), the
 * node fields from the libxml2 headers lxml ships (lxml.get_include()): both are those of the lxml
 * the module is built against, and text.py refuses a module built for another lxml or libxml2.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlversion.h>

#include "lxml-version.h"
/* lxml's public C API: struct LxmlElement (`_c_node`, `_doc`) and elementFactory. */
#include "lxml.etree_api.h"

static PyTypeObject *element_type;

/* text.py BLOCK_TAGS and SKIP_TAGS (text.py checks that the module holds the same sets). */
static const char *const BLOCK_TAGS[] = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend",
    "li", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "tr", "ul", NULL};
static const char *const SKIP_TAGS[] = {
    "head", "iframe", "input", "link", "meta", "noscript", "object", "option", "script", "select",
    "style", "template", "textarea", "title", NULL};

static int in_set(const xmlChar *name, const char *const *set) {
    for (; *set; set++)
        if (strcmp((const char *)name, *set) == 0) return 1;
    return 0;
}

/* A growing UTF-8 buffer. */
typedef struct {
    char *data;
    size_t len, cap;
    int failed;   /* out of memory, or declined */
    int declined; /* a tree the walk leaves to the XSLT */
    int depth;
} buffer;

/* Trees from the HTML parser are at most 256 elements deep (libxml2 stops deeper); a deeper tree
 * built another way is left to the XSLT (and the XPath) rather than to a deep C recursion. */
#define MAX_DEPTH 1000

static void put(buffer *b, const char *s, size_t n) {
    if (b->failed) return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2;
        char *grown = PyMem_Realloc(b->data, cap);
        if (grown == NULL) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void walk(buffer *b, const xmlNode *node);

static void walk_children(buffer *b, const xmlNode *node) {
    if (b->depth >= MAX_DEPTH) {
        b->failed = b->declined = 1;
        return;
    }
    b->depth++;
    for (const xmlNode *child = node->children; child != NULL; child = child->next) walk(b, child);
    b->depth--;
}

/* The stylesheet's templates (text.py _layout_stylesheet): a hidden element writes nothing, a block
 * a line break before and after its content, a cell a tab before it; text nodes write their text
 * (XSLT's built-in rule), comments and processing instructions nothing. The templates match names
 * without a namespace, as libxml2's HTML parser writes them (in lower case). A tree the parser does
 * not make — an entity reference in it, or more than MAX_DEPTH levels — is declined. */
static void walk(buffer *b, const xmlNode *node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content != NULL) put(b, (const char *)node->content, strlen((const char *)node->content));
        return;
    }
    if (node->type == XML_ENTITY_REF_NODE) {
        b->failed = b->declined = 1;
        return;
    }
    if (node->type != XML_ELEMENT_NODE) return;
    if (node->ns != NULL) {
        walk_children(b, node);
        return;
    }
    if (in_set(node->name, SKIP_TAGS)) return;
    if (in_set(node->name, BLOCK_TAGS)) {
        put(b, "\n", 1);
        walk_children(b, node);
        put(b, "\n", 1);
        return;
    }
    if (strcmp((const char *)node->name, "td") == 0 || strcmp((const char *)node->name, "th") == 0) put(b, "\t", 1);
    walk_children(b, node);
}

/* Whether the node is its document's root element (xmlDocGetRootElement: the first element child). */
static int is_root_element(const xmlNode *node) {
    const xmlNode *parent = node->parent;
    if (parent == NULL || (parent->type != XML_DOCUMENT_NODE && parent->type != XML_HTML_DOCUMENT_NODE)) return 0;
    for (const xmlNode *child = parent->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE) return child == node;
    return 0;
}

/* The layout of an element: lxml runs a transform on the whole document when the element is the
 * document's root element (its siblings included), on the element alone otherwise. */
static int layout_of(PyObject *element, buffer *b) {
    if (!PyObject_TypeCheck(element, element_type)) {
        PyErr_SetString(PyExc_TypeError, "expected an lxml element");
        return -1;
    }
    const xmlNode *node = ((struct LxmlElement *)element)->_c_node;
    b->data = PyMem_Malloc(4096);
    b->len = 0;
    b->cap = 4096;
    b->depth = b->declined = 0;
    b->failed = b->data == NULL;
    if (b->failed) {
        PyErr_NoMemory();
        return -1;
    }
    if (is_root_element(node))
        walk_children(b, node->parent);
    else
        walk(b, node);
    if (b->failed) {
        PyMem_Free(b->data);
        /* Out of memory, or declined: None (the caller uses the XSLT). */
        if (b->declined) return 1;
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* clean_text (text.py) of valid UTF-8: a lone space (or U+200B, U+FEFF) between two CJK
 * characters is dropped; runs of blanks as str.isspace() reads them become one space, and none
 * is kept at either end. (clean_text's steps — zero-width characters to spaces, double spaces to
 * tabs, the CJK-gap regex, split and join — come to this: a space beside another space is never
 * dropped, and every kept blank ends in a run that the join turns into one space.) */
static int is_blank(unsigned c) {
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
           c == 0x3000;
}

/* text.py _CJK. */
static int is_cjk(unsigned c) {
    return (c >= 0x3001 && c <= 0x303f) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
           (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff01 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
}

/* The code point at s[*i] of the n bytes, advancing *i. The text is valid UTF-8 (libxml2 wrote it);
 * a sequence cut short by the end would still not be read past it: it ends the text as U+FFFD, and
 * the strict decoding of the result then fails as it would for the text itself. */
static unsigned next_code_point(const unsigned char *s, size_t n, size_t *i) {
    unsigned c = s[*i];
    size_t length = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (*i + length > n) {
        *i = n;
        return 0xfffd;
    }
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c < 0xe0) {
        c = ((c & 0x1f) << 6) | (s[*i + 1] & 0x3f);
        *i += 2;
        return c;
    }
    if (c < 0xf0) {
        c = ((c & 0x0f) << 12) | ((s[*i + 1] & 0x3f) << 6) | (s[*i + 2] & 0x3f);
        *i += 3;
        return c;
    }
    c = ((c & 0x07) << 18) | ((s[*i + 1] & 0x3f) << 12) | ((s[*i + 2] & 0x3f) << 6) | (s[*i + 3] & 0x3f);
    *i += 4;
    return c;
}

static size_t clean(const unsigned char *s, size_t n, unsigned char *out) {
    size_t i = 0, written = 0;
    unsigned previous = 0;
    int blank_before = 0;
    while (i < n) {
        size_t start = i;
        unsigned c = next_code_point(s, n, &i);
        if (c == ' ' || c == 0x200b || c == 0xfeff) {
            if (is_cjk(previous) && i < n) {
                size_t j = i;
                if (is_cjk(next_code_point(s, n, &j))) continue;
            }
            blank_before = 1;
            previous = ' ';
            continue;
        }
        if (is_blank(c)) {
            blank_before = 1;
            previous = c;
            continue;
        }
        if (blank_before && written > 0) out[written++] = ' ';
        blank_before = 0;
        memcpy(out + written, s + start, i - start);
        written += i - start;
        previous = c;
    }
    return written;
}

static PyObject *layout(PyObject *module, PyObject *element) {
    (void)module;
    buffer b;
    int done = layout_of(element, &b);
    if (done < 0) return NULL;
    if (done > 0) Py_RETURN_NONE;
    PyObject *result = PyUnicode_DecodeUTF8(b.data, (Py_ssize_t)b.len, "strict");
    PyMem_Free(b.data);
    return result;
}

static PyObject *layout_and_text(PyObject *module, PyObject *element) {
    (void)module;
    buffer b;
    int done = layout_of(element, &b);
    if (done < 0) return NULL;
    if (done > 0) Py_RETURN_NONE;
    unsigned char *text = PyMem_Malloc(b.len + 1);
    if (text == NULL) {
        PyMem_Free(b.data);
        return PyErr_NoMemory();
    }
    size_t text_len = clean((const unsigned char *)b.data, b.len, text);
    PyObject *result = Py_BuildValue("(s#s#)", b.data, (Py_ssize_t)b.len, (const char *)text, (Py_ssize_t)text_len);
    PyMem_Free(b.data);
    PyMem_Free(text);
    return result;
}

/* Every class attribute under the element (the element's own included), in document order, as
 * the class XPath in body.py (descendant-or-self, then @class) lists them: their values and their elements. */
static int collect_classes(const xmlNode *node, struct LxmlDocument *doc, PyObject *values, PyObject *elements,
                           int depth) {
    if (depth > MAX_DEPTH) return 1;
    for (const xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next) {
        if (attribute->ns != NULL || strcmp((const char *)attribute->name, "class") != 0) continue;
        buffer b = {.data = PyMem_Malloc(64), .cap = 64};
        if (b.data == NULL) { PyErr_NoMemory(); return -1; }
        for (const xmlNode *part = attribute->children; part != NULL; part = part->next)
            if (part->content != NULL) put(&b, (const char *)part->content, strlen((const char *)part->content));
        if (b.failed) { PyMem_Free(b.data); PyErr_NoMemory(); return -1; }
        PyObject *value = PyUnicode_DecodeUTF8(b.data, (Py_ssize_t)b.len, "strict");
        PyMem_Free(b.data);
        if (value == NULL) return -1;
        int added = PyList_Append(values, value);
        Py_DECREF(value);
        if (added < 0) return -1;
        PyObject *element = (PyObject *)elementFactory(doc, (xmlNode *)node);
        if (element == NULL) return -1;
        added = PyList_Append(elements, element);
        Py_DECREF(element);
        if (added < 0) return -1;
    }
    for (const xmlNode *child = node->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) continue;
        int done = collect_classes(child, doc, values, elements, depth + 1);
        if (done != 0) return done;
    }
    return 0;
}

static PyObject *classes(PyObject *module, PyObject *element) {
    (void)module;
    if (!PyObject_TypeCheck(element, element_type)) {
        PyErr_SetString(PyExc_TypeError, "expected an lxml element");
        return NULL;
    }
    struct LxmlElement *lxml_element = (struct LxmlElement *)element;
    PyObject *values = PyList_New(0), *elements = PyList_New(0);
    int done = values == NULL || elements == NULL ? -1 : 0;
    if (done == 0 && lxml_element->_c_node->type == XML_ELEMENT_NODE)
        done = collect_classes(lxml_element->_c_node, lxml_element->_doc, values, elements, 0);
    if (done != 0) {
        Py_XDECREF(values);
        Py_XDECREF(elements);
        if (done < 0) return NULL;
        Py_RETURN_NONE; /* too deep: the caller uses the XPath */
    }
    return Py_BuildValue("(NN)", values, elements);
}

/* ggzy.py _page_parts: the first h4 whose class has the token h4_o, the first p with p_o and the
 * first div whose id is mycontent, in document order from the element (itself included). */
static const xmlAttr *attribute(const xmlNode *node, const char *name) {
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next)
        if (a->ns == NULL && strcmp((const char *)a->name, name) == 0) return a;
    return NULL;
}

/* Whether the attribute's value equals `value` (with `whole`) or holds it as a token, tokens being
 * separated by blanks as str.split() reads them. */
static int attribute_matches(const xmlAttr *a, const char *value, int whole) {
    buffer b = {.data = PyMem_Malloc(64), .cap = 64};
    if (b.data == NULL) return -1;
    for (const xmlNode *part = a->children; part != NULL; part = part->next)
        if (part->content != NULL) put(&b, (const char *)part->content, strlen((const char *)part->content));
    if (b.failed) {
        PyMem_Free(b.data);
        return -1;
    }
    size_t n = strlen(value);
    int found = 0;
    if (whole) {
        found = b.len == n && memcmp(b.data, value, n) == 0;
    } else {
        const unsigned char *s = (const unsigned char *)b.data;
        size_t i = 0, start = 0;
        int in_token = 0;
        for (;;) {
            size_t at = i;
            /* The end of the value ends a token as a blank does. */
            int blank = at >= b.len || is_blank(next_code_point(s, b.len, &i));
            if (blank) {
                if (in_token && at - start == n && memcmp(s + start, value, n) == 0) {
                    found = 1;
                    break;
                }
                in_token = 0;
                if (at >= b.len) break;
            } else if (!in_token) {
                in_token = 1;
                start = at;
            }
        }
    }
    PyMem_Free(b.data);
    return found;
}

typedef struct {
    const xmlNode *heading, *header, *content;
} page_parts;

/* 1 once all three are found, 0 to go on, -1 on an error. */
static int find_parts(const xmlNode *node, page_parts *parts, int depth) {
    if (depth > MAX_DEPTH) return -2;
    /* root.iter("h4", "p", "div") matches names without a namespace. */
    const char *name = node->ns == NULL ? (const char *)node->name : "";
    const xmlAttr *a;
    int match;
    if (parts->content == NULL && strcmp(name, "div") == 0 && (a = attribute(node, "id")) != NULL) {
        if ((match = attribute_matches(a, "mycontent", 1)) < 0) return -1;
        if (match) parts->content = node;
    } else if (parts->header == NULL && strcmp(name, "p") == 0 && (a = attribute(node, "class")) != NULL) {
        if ((match = attribute_matches(a, "p_o", 0)) < 0) return -1;
        if (match) parts->header = node;
    } else if (parts->heading == NULL && strcmp(name, "h4") == 0 && (a = attribute(node, "class")) != NULL) {
        if ((match = attribute_matches(a, "h4_o", 0)) < 0) return -1;
        if (match) parts->heading = node;
    }
    if (parts->heading != NULL && parts->header != NULL && parts->content != NULL) return 1;
    for (const xmlNode *child = node->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) continue;
        int done = find_parts(child, parts, depth + 1);
        if (done != 0) return done;
    }
    return 0;
}

static PyObject *element_or_none(struct LxmlDocument *doc, const xmlNode *node) {
    if (node == NULL) Py_RETURN_NONE;
    return (PyObject *)elementFactory(doc, (xmlNode *)node);
}

static PyObject *ggzy_parts(PyObject *module, PyObject *element) {
    (void)module;
    if (!PyObject_TypeCheck(element, element_type)) {
        PyErr_SetString(PyExc_TypeError, "expected an lxml element");
        return NULL;
    }
    struct LxmlElement *root = (struct LxmlElement *)element;
    page_parts parts = {NULL, NULL, NULL};
    int done = root->_c_node->type == XML_ELEMENT_NODE ? find_parts(root->_c_node, &parts, 0) : 0;
    if (done == -1) return PyErr_NoMemory();
    if (done == -2) Py_RETURN_NONE; /* too deep: the caller walks in Python */
    return Py_BuildValue("(NNN)", element_or_none(root->_doc, parts.heading), element_or_none(root->_doc, parts.header),
                         element_or_none(root->_doc, parts.content));
}

static PyObject *tag_sets(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    PyObject *blocks = PyFrozenSet_New(NULL), *hidden = PyFrozenSet_New(NULL);
    for (const char *const *tag = BLOCK_TAGS; blocks != NULL && *tag; tag++) {
        PyObject *name = PyUnicode_FromString(*tag);
        if (name == NULL || PySet_Add(blocks, name) < 0) Py_CLEAR(blocks);
        Py_XDECREF(name);
    }
    for (const char *const *tag = SKIP_TAGS; hidden != NULL && *tag; tag++) {
        PyObject *name = PyUnicode_FromString(*tag);
        if (name == NULL || PySet_Add(hidden, name) < 0) Py_CLEAR(hidden);
        Py_XDECREF(name);
    }
    if (blocks == NULL || hidden == NULL) {
        Py_XDECREF(blocks);
        Py_XDECREF(hidden);
        return NULL;
    }
    return Py_BuildValue("(NN)", blocks, hidden);
}

static PyMethodDef methods[] = {
    {"layout", layout, METH_O, "layout(element) -> str: the layout stylesheet's text of an lxml element (None: too deep)."},
    {"layout_and_text", layout_and_text, METH_O, "layout_and_text(element) -> (layout, clean_text(layout)) (None: too deep)."},
    {"classes", classes, METH_O, "classes(element) -> ([class values], [their elements]) in document order (None: too deep)."},
    {"ggzy_parts", ggzy_parts, METH_O, "ggzy_parts(root) -> (h4.h4_o, p.p_o, div#mycontent), each or None (None: too deep)."},
    {"tag_sets", tag_sets, METH_NOARGS, "tag_sets() -> (block tags, hidden tags) the walk was built with."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "crawler.parse._fastlayout",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__fastlayout(void) {
    if (import_lxml__etree() < 0) return NULL;
    PyObject *etree = PyImport_ImportModule("lxml.etree");
    if (etree == NULL) return NULL;
    element_type = (PyTypeObject *)PyObject_GetAttrString(etree, "_Element");
    Py_DECREF(etree);
    if (element_type == NULL) return NULL;
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) return NULL;
    /* The versions built against: text.py uses the module only with the same lxml and libxml2. */
    if (PyModule_AddStringConstant(module, "LXML_VERSION", LXML_VERSION_STRING) < 0 ||
        PyModule_AddIntConstant(module, "LIBXML_VERSION", LIBXML_VERSION) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
