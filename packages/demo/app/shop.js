// Pinecone Supply: the Retrace demo shop's client code (catalog filters, cart, checkout, sign-in), no framework.
(function () {
  'use strict';
  var variant = window.PINECONE_VARIANT || 'healthy';
  var CART_KEY = 'pinecone.cart';
  var USER_KEY = 'pinecone.user';
  var ORDER_KEY = 'pinecone.lastOrder';
  var SHIPPING = {
    standard: { label: 'Standard shipping', price: 5 },
    express: { label: 'Express shipping', price: 15 },
  };

  function money(amount) {
    return '$' + amount.toFixed(2);
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'className') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function readJson(storage, key, fallback) {
    try {
      var raw = storage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function cart() {
    return readJson(localStorage, CART_KEY, []);
  }
  function saveCart(lines) {
    localStorage.setItem(CART_KEY, JSON.stringify(lines));
    renderCartCount();
  }
  function user() {
    return readJson(sessionStorage, USER_KEY, null);
  }
  function loadProducts() {
    return fetch('/products.json').then(function (response) {
      if (!response.ok) throw new Error('products unavailable');
      return response.json();
    });
  }
  function findProduct(products, id) {
    return products.filter(function (p) {
      return p.id === id;
    })[0];
  }

  /** Line total of one cart line. The broken variant forgets the quantity: the regression the demo suite catches. */
  function lineTotal(line, product) {
    return variant === 'broken' ? product.price : product.price * line.quantity;
  }
  function subtotalOf(lines, products) {
    return lines.reduce(function (sum, line) {
      var product = findProduct(products, line.id);
      return product ? sum + lineTotal(line, product) : sum;
    }, 0);
  }
  function addToCart(id, quantity) {
    var lines = cart();
    var existing = lines.filter(function (line) {
      return line.id === id;
    })[0];
    if (existing) existing.quantity += quantity;
    else lines.push({ id: id, quantity: quantity });
    saveCart(lines);
  }
  function itemCount() {
    return cart().reduce(function (n, line) {
      return n + line.quantity;
    }, 0);
  }

  function renderHeader(page) {
    var header = document.getElementById('site-header');
    if (!header) return;
    var signedIn = user();
    var link = function (href, text, id, current) {
      var attrs = { href: href, text: text };
      if (id) attrs.id = id;
      if (current) attrs['aria-current'] = 'page';
      return el('a', attrs);
    };
    header.appendChild(
      el('a', { href: '/', className: 'brand' }, [
        el('img', { src: '/icon.svg', alt: '' }),
        'Pinecone Supply',
      ]),
    );
    header.appendChild(
      el('nav', { 'aria-label': 'Main' }, [
        link('/', 'Catalog', null, page === 'catalog'),
        link('/cart.html', 'Cart (' + itemCount() + ')', 'cart-link', page === 'cart'),
        signedIn
          ? link('/account.html', 'Account', 'account-link', page === 'account')
          : link('/login.html', 'Sign in', 'account-link', page === 'login'),
      ]),
    );
  }
  function renderCartCount() {
    var link = document.getElementById('cart-link');
    if (link) link.textContent = 'Cart (' + itemCount() + ')';
  }

  function productCard(product) {
    var button = el('button', {
      type: 'button',
      'aria-label': 'Add ' + product.name + ' to cart',
      text: product.inStock ? 'Add to cart' : 'Sold out',
    });
    if (!product.inStock) button.disabled = true;
    button.addEventListener('click', function () {
      addToCart(product.id, 1);
      announce(product.name + ' added to the cart.');
    });
    return el('li', { className: 'product-card', 'data-product': product.id }, [
      el('h2', {}, [el('a', { href: '/product.html?id=' + product.id, text: product.name })]),
      el('p', { className: 'meta', text: product.category }),
      el('p', { className: 'price', text: money(product.price) }),
      el('p', {
        className: 'meta' + (product.inStock ? '' : ' out-of-stock'),
        text: product.inStock ? 'In stock' : 'Out of stock',
      }),
      button,
    ]);
  }
  function announce(text) {
    var status = document.getElementById('status');
    if (status) {
      status.textContent = text;
      status.classList.remove('hidden');
    }
  }

  function initCatalog() {
    var search = document.getElementById('search');
    var category = document.getElementById('category');
    var inStock = document.getElementById('in-stock');
    var list = document.getElementById('products');
    var count = document.getElementById('result-count');
    var params = new URLSearchParams(location.search);
    search.value = params.get('q') || '';
    category.value = params.get('category') || '';
    inStock.checked = params.get('inStock') === '1';
    loadProducts().then(function (products) {
      function apply() {
        var q = search.value.trim().toLowerCase();
        var shown = products.filter(function (p) {
          return (
            (!q || p.name.toLowerCase().indexOf(q) >= 0) &&
            (!category.value || p.category === category.value) &&
            (!inStock.checked || p.inStock)
          );
        });
        list.replaceChildren.apply(list, shown.map(productCard));
        count.textContent =
          shown.length === 0
            ? 'No products match these filters.'
            : 'Showing ' + shown.length + ' product' + (shown.length === 1 ? '' : 's');
        var next = new URLSearchParams();
        if (q) next.set('q', search.value.trim());
        if (category.value) next.set('category', category.value);
        if (inStock.checked) next.set('inStock', '1');
        var query = next.toString();
        history.replaceState(null, '', query ? '/?' + query : '/');
      }
      search.addEventListener('input', apply);
      category.addEventListener('change', apply);
      inStock.addEventListener('change', apply);
      apply();
    });
  }

  function initProduct() {
    var id = new URLSearchParams(location.search).get('id');
    var box = document.getElementById('product');
    loadProducts().then(function (products) {
      var product = findProduct(products, id);
      if (!product) {
        box.replaceChildren(
          el('h1', { text: 'Product not found' }),
          el('p', {}, [el('a', { href: '/', text: 'Back to the catalog' })]),
        );
        return;
      }
      document.title = product.name + ' · Pinecone Supply';
      var quantity = el('input', {
        type: 'number',
        id: 'quantity',
        min: '1',
        max: '10',
        value: '1',
      });
      var add = el('button', { type: 'button', text: 'Add to cart' });
      if (!product.inStock) add.disabled = true;
      add.addEventListener('click', function () {
        var n = Math.max(1, Math.min(10, parseInt(quantity.value, 10) || 1));
        addToCart(product.id, n);
        announce(n + ' × ' + product.name + ' added to the cart.');
      });
      box.replaceChildren(
        el('h1', { text: product.name }),
        el('p', { className: 'meta', text: product.category }),
        el('p', { text: product.description }),
        el('p', { className: 'price', id: 'price', text: 'Price: ' + money(product.price) }),
        el('p', {
          className: product.inStock ? 'meta' : 'meta out-of-stock',
          text: product.inStock ? 'In stock' : 'Out of stock',
        }),
        el('p', {}, [el('label', { for: 'quantity', text: 'Quantity ' }), quantity, ' ', add]),
      );
    });
  }

  function initCart() {
    var body = document.getElementById('cart-lines');
    var table = document.getElementById('cart-table');
    var empty = document.getElementById('cart-empty');
    var summary = document.getElementById('cart-summary');
    loadProducts().then(function (products) {
      function render() {
        var lines = cart().filter(function (line) {
          return findProduct(products, line.id);
        });
        table.classList.toggle('hidden', lines.length === 0);
        summary.classList.toggle('hidden', lines.length === 0);
        empty.classList.toggle('hidden', lines.length > 0);
        body.replaceChildren.apply(
          body,
          lines.map(function (line) {
            var product = findProduct(products, line.id);
            var input = el('input', {
              type: 'number',
              min: '1',
              max: '10',
              value: String(line.quantity),
              'aria-label': 'Quantity of ' + product.name,
            });
            input.addEventListener('change', function () {
              var n = parseInt(input.value, 10);
              var next = cart().map(function (l) {
                return l.id === line.id
                  ? { id: l.id, quantity: Math.max(1, Math.min(10, n || 1)) }
                  : l;
              });
              saveCart(next);
              render();
            });
            var remove = el('button', {
              type: 'button',
              className: 'secondary',
              text: 'Remove',
              'aria-label': 'Remove ' + product.name,
            });
            remove.addEventListener('click', function () {
              saveCart(
                cart().filter(function (l) {
                  return l.id !== line.id;
                }),
              );
              render();
            });
            return el('tr', {}, [
              el('td', { text: product.name }),
              el('td', { text: money(product.price) }),
              el('td', {}, [input]),
              el('td', { className: 'line-total', text: money(lineTotal(line, product)) }),
              el('td', {}, [remove]),
            ]);
          }),
        );
        document.getElementById('subtotal').textContent =
          'Subtotal: ' + money(subtotalOf(lines, products));
      }
      render();
    });
  }

  function initCheckout() {
    var form = document.getElementById('checkout-form');
    var lines = cart();
    if (lines.length === 0) {
      location.replace('/cart.html');
      return;
    }
    loadProducts().then(function (products) {
      var subtotal = subtotalOf(lines, products);
      function method() {
        var checked = form.querySelector('input[name="shipping"]:checked');
        return SHIPPING[checked ? checked.value : 'standard'];
      }
      function renderTotals() {
        document.getElementById('order-subtotal').textContent = 'Subtotal: ' + money(subtotal);
        document.getElementById('order-shipping').textContent =
          method().label + ': ' + money(method().price);
        document.getElementById('order-total').textContent =
          'Total: ' + money(subtotal + method().price);
      }
      form.addEventListener('change', renderTotals);
      renderTotals();
      var rules = [
        [
          'name',
          'Enter your full name',
          function (v) {
            return v.trim().length >= 2;
          },
        ],
        [
          'email',
          'Enter a valid email address, like you@example.com',
          function (v) {
            return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim());
          },
        ],
        [
          'street',
          'Enter your street and number',
          function (v) {
            return v.trim().length >= 3;
          },
        ],
        [
          'city',
          'Enter your city',
          function (v) {
            return v.trim().length >= 2;
          },
        ],
        [
          'postal',
          'Enter a postal code of 3 to 10 letters or digits',
          function (v) {
            return /^[A-Za-z0-9 -]{3,10}$/.test(v.trim());
          },
        ],
        [
          'country',
          'Choose a country',
          function (v) {
            return v !== '';
          },
        ],
      ];
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var problems = 0;
        rules.forEach(function (rule) {
          var input = document.getElementById(rule[0]);
          var error = document.getElementById(rule[0] + '-error');
          var ok = rule[2](input.value);
          input.setAttribute('aria-invalid', ok ? 'false' : 'true');
          error.textContent = ok ? '' : rule[1];
          error.classList.toggle('hidden', ok);
          if (!ok) problems++;
        });
        var alert = document.getElementById('form-problems');
        if (problems > 0) {
          alert.textContent =
            'Please fix ' +
            problems +
            ' problem' +
            (problems === 1 ? '' : 's') +
            ' before placing the order.';
          alert.classList.remove('hidden');
          return;
        }
        alert.classList.add('hidden');
        var button = form.querySelector('button[type="submit"]');
        button.disabled = true;
        button.textContent = 'Placing order…';
        // A short server round trip, as a real shop has: the page settles after it.
        fetch('/api/orders', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ items: lines.length }),
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (order) {
            sessionStorage.setItem(
              ORDER_KEY,
              JSON.stringify({
                number: order.number,
                total: subtotal + method().price,
                name: document.getElementById('name').value.trim(),
              }),
            );
            localStorage.removeItem(CART_KEY);
            location.assign('/confirmation.html');
          });
      });
    });
  }

  function initConfirmation() {
    var order = readJson(sessionStorage, ORDER_KEY, null);
    var box = document.getElementById('confirmation');
    if (!order) {
      box.replaceChildren(
        el('h1', { text: 'No order yet' }),
        el('p', {}, [el('a', { href: '/', text: 'Back to the catalog' })]),
      );
      return;
    }
    box.replaceChildren(
      el('h1', { text: 'Order confirmed' }),
      el('p', {
        text: 'Thank you, ' + order.name + '. Your order number is ' + order.number + '.',
      }),
      el('p', { className: 'total', id: 'total-paid', text: 'Total paid: ' + money(order.total) }),
      el('p', {}, [el('a', { href: '/', text: 'Continue shopping' })]),
    );
  }

  function initLogin() {
    var form = document.getElementById('login-form');
    var error = document.getElementById('login-error');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      error.classList.add('hidden');
      fetch('/api/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: form.email.value.trim(), password: form.password.value }),
      }).then(function (response) {
        if (response.ok) {
          return response.json().then(function (account) {
            sessionStorage.setItem(USER_KEY, JSON.stringify(account));
            location.assign('/account.html');
          });
        }
        return response.json().then(function () {
          form.password.value = '';
          error.textContent = 'Wrong email or password. Try again.';
          error.classList.remove('hidden');
        });
      });
    });
  }

  function initAccount() {
    var account = user();
    if (!account) {
      location.replace('/login.html');
      return;
    }
    document.getElementById('account-name').textContent = 'Signed in as ' + account.email;
    document.getElementById('sign-out').addEventListener('click', function () {
      sessionStorage.removeItem(USER_KEY);
      location.assign('/');
    });
  }

  var PAGES = {
    catalog: initCatalog,
    product: initProduct,
    cart: initCart,
    checkout: initCheckout,
    confirmation: initConfirmation,
    login: initLogin,
    account: initAccount,
  };
  document.addEventListener('DOMContentLoaded', function () {
    var page = document.body.getAttribute('data-page');
    renderHeader(page);
    if (PAGES[page]) PAGES[page]();
  });
})();
